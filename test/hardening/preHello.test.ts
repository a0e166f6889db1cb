// Before hello (issue 12, item 19): a connection that has not said who it is costs the router
// little and not for long. Its frames are limited to a few KB whatever --max-frame-bytes says, the
// limit is applied before the token is looked at, and only so many such connections are kept at
// once; the rest are closed as they arrive. A flood of them neither grows the router's memory by
// much nor keeps a real machine out once it stops.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { encodeFrame } from "../../src/core/frame.ts";
import { EXTRA_PENDING_CONNECTIONS } from "../../src/runtime/tcpRouter.ts";
import { killAllStarted } from "../helpers/processes.ts";
import { RawClient } from "../helpers/rawClient.ts";
import { waitFor } from "../helpers/waitFor.ts";
import { type HandRouter, startHandRouter } from "./common.ts";

const TOKEN = "pre-hello-token-19";
/** A frame's 4-byte length header announcing `bytes` of body. */
const header = (bytes: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(bytes);
  return buffer;
};

let root: string;
let hand: HandRouter;
const sockets: Socket[] = [];
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "clocklab-prehello-"));
  hand = await startHandRouter(["--name", "p", "--log-dir", root, "--token", TOKEN, "--machines", "3"]);
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});
afterAll(() => {
  killAllStarted();
  rmSync(root, { recursive: true, force: true });
});

function rssKb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0);
}

describe("item 19: connections that have not said hello", () => {
  it("a max-size frame announced before hello is refused at once (FRAME_TOO_LARGE), before any token check", async () => {
    const peer = await RawClient.connect(hand.port);
    peer.sendBytes(header(64 * 1024)); // the default --max-frame-bytes, body never sent
    const refused = await peer.waitForFrame((f) => f.type === "error", "an error frame", 2000);
    expect(refused.code).toBe("FRAME_TOO_LARGE");
    await peer.waitForClose(3000);
  });

  it("a 5 KB hello without the token is refused for its size, not its token", async () => {
    const peer = await RawClient.connect(hand.port);
    const hello = JSON.stringify({ type: "hello", protocol: 1, id: "m1", token: "x".repeat(5000) });
    peer.sendBytes(Buffer.concat([header(Buffer.byteLength(hello)), Buffer.from(hello)]));
    const refused = await peer.waitForFrame((f) => f.type === "error", "an error frame", 2000);
    expect(refused.code).toBe("FRAME_TOO_LARGE");
  });

  it("a frame right behind an accepted hello, in the same write, is judged by the full frame limit", async () => {
    // A machine that rejoins with messages to send writes them straight after its hello; the
    // router must not hold them to the pre-hello limit (it answers this one NOT_STARTED: no run yet).
    const peer = await RawClient.connect(hand.port);
    const hello = encodeFrame({ type: "hello", protocol: 1, id: "m2", token: TOKEN });
    const send = encodeFrame({
      type: "send",
      kind: "DIRECT",
      to: "m3",
      id: "m2:1",
      lamport: 1,
      vector: { m2: 1 },
      hlc: { wall: 1, logical: 0 },
      sentAt: 1.5,
      payload: "x".repeat(10_000),
    });
    peer.sendBytes(Buffer.concat([hello, send]));
    const refused = await peer.waitForFrame((f) => f.type === "error", "an error frame", 3000);
    expect(peer.frames[0]).toMatchObject({ type: "welcome" });
    expect(refused.code, String(refused.message)).toBe("NOT_STARTED");
    peer.destroy();
  });

  it("600 silent connections each holding a partial frame: most are closed at once, memory stays bounded, then a machine gets in", async () => {
    const pid = hand.router.child.pid!;
    const before = rssKb(pid);
    let closedByRouter = 0;
    await Promise.all(
      Array.from(
        { length: 600 },
        () =>
          new Promise<void>((resolve) => {
            const socket = connect({ host: "127.0.0.1", port: hand.port }, () => {
              // Just under the pre-hello limit, with 4000 of its bytes never sent.
              socket.write(Buffer.concat([header(4000), Buffer.alloc(90, 0x20)]));
              resolve();
            });
            socket.on("error", () => resolve());
            socket.on("close", () => {
              closedByRouter++;
              resolve();
            });
            sockets.push(socket);
          }),
      ),
    );
    // The router keeps a bounded number of them (256 beyond the run's 3 machines) and closes the
    // others as they come in.
    const bound = EXTRA_PENDING_CONNECTIONS + 3;
    await waitFor(
      () => closedByRouter >= 600 - bound,
      `the router to close connections past its bound (${closedByRouter} closed)`,
      5000,
    );
    expect(closedByRouter).toBeLessThan(600);
    expect(rssKb(pid) - before, "router RSS growth in kB").toBeLessThan(40 * 1024);
    for (const socket of sockets.splice(0)) socket.destroy();
    // Once the flood stops, a real machine is welcomed.
    const m1 = await waitFor(
      async () => {
        const peer = await RawClient.join(hand.port, "m1", TOKEN);
        if (peer.frames[0]?.type === "welcome") return peer;
        peer.destroy();
        return null;
      },
      "m1 to be welcomed after the flood",
      5000,
    );
    expect(m1.frames[0]).toMatchObject({ type: "welcome" });
    m1.destroy();
  });
});
