// The TCP router's two paths for a send frame give the same result: a frame in JSON.stringify's
// form (the byte scanner's fast path) and the same message spelled with whitespace (which the
// scanner leaves to JSON.parse and the validator) produce the same router.jsonl line and the same
// deliver frame, for every kind, with and without vector, payload and `to`; a broadcast reaches
// every other machine, and a batch of frames in one chunk keeps its order on each connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawClient } from "../../../test/helpers/rawClient.ts";
import { waitFor } from "../../../test/helpers/waitFor.ts";
import { encodeFrameText } from "../../core/frame.ts";
import type { LineSink } from "../lineWriter.ts";
import { startTcpRouter, type TcpRouterHandle } from "../tcpRouter.ts";

class TextSink implements LineSink {
  readonly lines: string[] = [];
  write(value: unknown): void {
    this.lines.push(JSON.stringify(value));
  }
  writeLine(line: string): void {
    this.lines.push(line);
  }
  flush(): void {}
  close(): void {}
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let pos = 0;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}

const MESSAGES: Record<string, unknown>[] = [
  { kind: "SEND_FIRST", lamport: 3, hlc: { wall: 1764180612345, logical: 2 }, sentAt: 1764180612345.125 },
  {
    kind: "BROADCAST",
    lamport: 9,
    hlc: { wall: 1764180612346, logical: 0 },
    sentAt: 1764180612346.0625,
    vector: { m1: 9, m2: 4, m3: 0 },
  },
  {
    kind: "DIRECT",
    to: "m3",
    lamport: 11,
    hlc: { wall: 1764180612347, logical: 1 },
    sentAt: 0.5,
    payload: "hello, m3",
  },
  { kind: "SEND_SECOND", lamport: 12, hlc: { wall: 1764180612348, logical: 0 }, sentAt: 17 },
];

describe("the TCP router's fast and general paths for send frames", () => {
  let handle: TcpRouterHandle;
  const log = new TextSink();
  const peers: Record<string, RawClient> = {};

  beforeAll(async () => {
    handle = await startTcpRouter({
      host: "127.0.0.1",
      port: 0,
      maxFrameBytes: 65536,
      outputLimitBytes: 1024 * 1024,
      slowConsumer: "drop",
      router: { runId: "t", seed: 1, expectedMachines: 3, startDelayMs: 0 },
      log,
    });
    for (const id of ["m1", "m2", "m3"]) peers[id] = await RawClient.join(handle.port, id);
    await peers.m3!.waitForFrame((f) => f.type === "start", "start");
  });
  afterAll(async () => {
    for (const client of Object.values(peers)) client.destroy();
    await handle.close();
  });

  it("writes the same line and deliver frame for a message either way", async () => {
    let seq = 0;
    const frames: Uint8Array[] = [];
    const pairs: [string, string][] = [];
    for (const message of MESSAGES) {
      const fast = { type: "send", ...message, id: `m1:${++seq}` };
      const general = { type: "send", ...message, id: `m1:${++seq}` };
      frames.push(encodeFrameText(JSON.stringify(fast)), encodeFrameText(JSON.stringify(general, null, 1)));
      pairs.push([fast.id, general.id]);
    }
    // All in one chunk: the fast and the general path take turns within one read.
    peers.m1!.sendBytes(concat(frames));
    const deliveries = (client: RawClient) => client.frames.filter((f) => f.type === "deliver");
    await waitFor(
      () => deliveries(peers.m2!).length === 4 && deliveries(peers.m3!).length === 6,
      "every delivery",
    );
    const routed = log.lines.filter((line) => line.startsWith('{"type":"routed"'));
    const lineOf = (id: string, to: string) =>
      routed.find((line) => line.includes(`"id":"${id}"`) && line.includes(`"to":"${to}"`));
    for (const [fastId, generalId] of pairs) {
      for (const to of ["m2", "m3"]) {
        const fastLine = lineOf(fastId, to);
        const generalLine = lineOf(generalId, to);
        expect(fastLine === undefined).toBe(generalLine === undefined);
        if (fastLine === undefined || generalLine === undefined) continue;
        const strip = (line: string) => line.replace(/"at":[0-9.]+,"id":"m1:\d+"/, "");
        expect(strip(fastLine)).toBe(strip(generalLine));
        const frameOf = (id: string) => {
          const frame = peers[to]!.frames.find((f) => f.type === "deliver" && f.id === id)!;
          const { id: _id, routedAt, ...rest } = frame as Record<string, unknown>;
          expect(typeof routedAt).toBe("number");
          return rest;
        };
        expect(frameOf(fastId)).toStrictEqual(frameOf(generalId));
      }
    }
    // Each connection got its deliveries in the order they were sent.
    const order = (client: RawClient) => deliveries(client).map((f) => Number(String(f.id).slice(3)));
    expect(order(peers.m2!)).toEqual([1, 2, 3, 4]);
    expect(order(peers.m3!)).toEqual([3, 4, 5, 6, 7, 8]);
  });
});
