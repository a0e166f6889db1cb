// Starts the Debian nats-server on 127.0.0.1 at a free port for a benchmark, waits until it
// accepts connections, and stops it by pid afterwards.
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { type Child, freePort, sleep, startChild, stopChild } from "./processes.ts";

export const NATS_SERVER_BIN = "/usr/sbin/nats-server";

export interface NatsServer {
  port: number;
  child: Child;
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export function natsServerAvailable(): boolean {
  return existsSync(NATS_SERVER_BIN);
}

export async function startNatsServer(): Promise<NatsServer> {
  const port = await freePort();
  const child = startChild(NATS_SERVER_BIN, ["-a", "127.0.0.1", "-p", String(port)], "nats-server", true);
  const stop = async () => {
    await stopChild(child);
  };
  try {
    for (let attempt = 0; attempt < 250; attempt++) {
      if (await accepts(port)) return { port, child, stop };
      if (child.process.exitCode !== null) throw new Error("nats-server exited at start");
      await sleep(20);
    }
    throw new Error("nats-server did not accept connections within 5 s");
  } catch (error) {
    await stop();
    throw error;
  }
}
