// The router closes connections a peer does not close: after an error frame even if the peer
// never sends its FIN, and when a connection never completes its hello.
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import { waitFor } from "../../test/helpers/waitFor.ts";
import { startTcpRouter, type TcpRouterHandle } from "./tcpRouter.ts";

describe("the router closes connections a peer does not close", () => {
  let handle: TcpRouterHandle;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    handle = await startTcpRouter({
      host: "127.0.0.1",
      port: 0,
      maxFrameBytes: 65536,
      outputLimitBytes: 1 << 20,
      slowConsumer: "drop",
      router: { runId: "t", seed: 1, expectedMachines: 3, startDelayMs: 0 },
      helloTimeoutMs: 500,
      log: { write() {}, writeLine() {}, flush() {}, close() {} },
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await handle.close();
  });

  /** A peer that never half-closes its side, whatever the router does. */
  async function stubbornPeer(bytes: Uint8Array): Promise<Socket> {
    const socket = connect({ host: "127.0.0.1", port: handle.port, allowHalfOpen: true });
    socket.on("error", () => {});
    socket.on("data", () => {});
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write(bytes);
    sockets.push(socket);
    return socket;
  }

  it("after an error frame, even if the peer never sends its FIN", async () => {
    await stubbornPeer(new Uint8Array(4)); // length 0: BAD_LENGTH, then "close"
    await waitFor(() => handle.connections === 0, "the router to drop the refused connection", 5000);
  });

  it("that never completes a hello", async () => {
    const partial = new Uint8Array(4 + 60_000);
    new DataView(partial.buffer).setUint32(0, 65_000);
    await stubbornPeer(partial); // 60 000 of 65 000 announced bytes, then silence
    await waitFor(() => handle.connections === 0, "the router to time out a connection without hello", 5_000);
  });
});
