// A machine's batch of publishes and this host's part log, as bytes: the payloads are byte for byte
// deliverFrameJson's text, in order, across the batch's chunks (a chunk is never written twice
// while nats.js may still hold its payloads); the part log's lines are routerLogJson's.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NatsConnection } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { deliverFrameJson } from "../../core/logFormat/deliverFrame.ts";
import { routerLogJson } from "../../core/logFormat/routerLine.ts";
import type { DeliverFrame } from "../../core/protocol.ts";
import type { RouterLogEntry } from "../../core/routerLog.ts";
import { PartLog, partLogPath } from "./partLog.ts";
import { PublishBatch } from "./publishBatch.ts";

function frame(n: number): DeliverFrame {
  const out: DeliverFrame = {
    type: "deliver",
    from: "m1",
    kind: n % 4 === 0 ? "DIRECT" : "BROADCAST",
    id: `m1:${n}`,
    lamport: 2 * n + 1,
    hlc: { wall: 1764180612345 + n, logical: n % 3 },
    sentAt: 1764180612345.2517 + n / 7,
    routedAt: 1764180612346.125 + n,
  };
  if (n % 4 === 0) out.to = "m2";
  if (n % 3 === 0) out.vector = { m1: n, m2: n >> 1 };
  // Escapes, non-ASCII text and, now and then, a payload as long as the protocol allows.
  if (n % 5 === 0) out.payload = n % 50 === 0 ? "x".repeat(60_000) : `p"\\é\u0001 ${n} 😀`;
  if (n % 7 === 0) out.duplicate = true;
  return out;
}

describe("PublishBatch", () => {
  it("publishes deliverFrameJson's bytes, in order, across chunks, and empties", () => {
    const published: Array<[string, Uint8Array]> = [];
    const connection = {
      publish(subject: string, payload: Uint8Array) {
        published.push([subject, payload]);
      },
    } as unknown as NatsConnection;
    const batch = new PublishBatch();
    const frames = Array.from({ length: 3000 }, (_, i) => frame(i + 1));
    // Two turns: the second batch's chunk must not overwrite what the first handed over.
    for (const f of frames.slice(0, 1500)) batch.add(`s.${f.id}`, f);
    batch.publishTo(connection);
    expect(batch.size).toBe(0);
    for (const f of frames.slice(1500)) batch.add(`s.${f.id}`, f);
    expect(batch.size).toBe(1500);
    batch.publishTo(connection);
    const decoder = new TextDecoder();
    expect(published.map(([subject]) => subject)).toEqual(frames.map((f) => `s.${f.id}`));
    for (const [i, [, payload]] of published.entries())
      expect(decoder.decode(payload)).toBe(deliverFrameJson(frames[i]!));
  });

  it("forgets what it holds when cleared", () => {
    const batch = new PublishBatch();
    batch.add("s", frame(1));
    batch.clear();
    expect(batch.size).toBe(0);
  });
});

describe("PartLog", () => {
  it("writes routerLogJson's lines, after its part line, when flushed", () => {
    const dir = mkdtempSync(join(tmpdir(), "clocklab-part-log-"));
    try {
      const log = new PartLog(dir, "m1", ["m1", "m2"]);
      log.open("run1");
      const entries: RouterLogEntry[] = [
        {
          type: "routed",
          at: 1764180612345.25,
          id: "m1:1",
          from: "m1",
          to: "m2",
          kind: "SEND_FIRST",
          lamport: 3,
        },
        { type: "refused", at: 2.5, from: "m2", to: "m1", code: "INVALID_FIELD", message: 'bad "é"\n' },
        {
          type: "transport",
          at: 3,
          id: "m1",
          event: "connected",
          server: "nats://127.0.0.1:4222",
        },
      ];
      for (const entry of entries) log.write(entry);
      log.flush();
      const lines = readFileSync(partLogPath(join(dir, "run1"), "m1"), "utf8").split("\n");
      expect(lines.at(-1)).toBe("");
      expect(JSON.parse(lines[0]!)).toMatchObject({ type: "part", runId: "run1", part: "m1" });
      expect(lines.slice(1, -1)).toEqual(entries.map((entry) => routerLogJson(entry)));
      log.close();
      expect(log.failure).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
