// The shared suite's adapter for the live TCP router: real node:net sockets on 127.0.0.1, port 0,
// speaking the length-prefixed JSON wire protocol.
import { configSchema } from "../../src/core/config.ts";
import type { RouterLogEntry } from "../../src/core/routerLog.ts";
import { hostNowMs } from "../../src/runtime/clock.ts";
import type { LineSink } from "../../src/runtime/lineWriter.ts";
import { startTcpRouter } from "../../src/runtime/tcpRouter.ts";
import { RawClient } from "../helpers/rawClient.ts";
import { waitFor } from "../helpers/waitFor.ts";
import type { NetworkFactory, NetworkPeer } from "./adapter.ts";

export const tcpNetworkFactory: NetworkFactory = async ({ expectedMachines, faults = [] }) => {
  const log: RouterLogEntry[] = [];
  const sink: LineSink = {
    write: (value) => log.push(value as RouterLogEntry),
    writeLine: (line) => log.push(JSON.parse(line) as RouterLogEntry),
    flush() {},
    close() {},
  };
  const handle = await startTcpRouter({
    host: "127.0.0.1",
    port: 0,
    maxFrameBytes: 64 * 1024,
    outputLimitBytes: 8 * 1024 * 1024,
    slowConsumer: "drop",
    router: {
      runId: "suite",
      seed: 1,
      expectedMachines,
      startDelayMs: 0,
      faults,
      durationMs: 600_000,
      // The suite sends bursts no real run could (hundreds of messages at once): fast machines
      // raise the router's clock ceilings to match.
      config: configSchema.parse({ machine: { speedMin: 10_000, speedMax: 10_000 } }),
    },
    log: sink,
  });
  const clients: RawClient[] = [];
  return {
    duplicateHello: "refused",
    heardLeft: (_observer, id) => log.some((entry) => entry.type === "left" && entry.id === id),
    heardRejoined: (_observer, id) =>
      log.some((entry) => entry.type === "joined" && entry.id === id && entry.rejoin),
    nowMs: hostNowMs,
    async join(id) {
      const client = await RawClient.join(handle.port, id);
      clients.push(client);
      const peer: NetworkPeer = {
        id,
        frames: client.frames,
        get closed() {
          return client.closed;
        },
        send: (message) => client.send({ type: "send", ...message }),
        leave: (reason) => client.send({ type: "bye", reason }),
      };
      return peer;
    },
    waitFor: (check, what) => waitFor(check, what, 10_000),
    routerLog: () => log,
    async close() {
      for (const client of clients) client.destroy();
      await handle.close();
    },
  };
};
