// The run feed against real run directories in a temp dir: it follows growing files (and files
// that appear late) without gaps or repeats between the snapshot and live messages, skips and
// counts corrupt lines, waits for a cut last line, counts message fates and fault windows from
// router.jsonl (tolerating unknown line types), replays by trueTime, and reads past ranges back.
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/helpers/waitFor.ts";
import type { FeedStatus, ServerMessage, WireEvent } from "../../core/watch/protocol.ts";
import { startRunFeed, type TailRunFeed } from "./runFeed.ts";

type Line = Record<string, unknown>;

function event(seq: number, type: string, t: number, lamport: number, message?: Line): Line {
  const line: Line = {
    seq,
    tick: seq,
    type,
    trueTime: t,
    systemTime: t,
    lamport,
    hlc: { wall: Math.floor(t), logical: 0 },
    queueLength: 0,
  };
  if (message !== undefined) line.message = message;
  return line;
}

const jsonl = (lines: Line[]) => lines.map((line) => `${JSON.stringify(line)}\n`).join("");

function runDir(files: Record<string, string>, status = "running"): string {
  const dir = mkdtempSync(join(tmpdir(), "clocklab-feed-"));
  writeFileSync(
    join(dir, "run.json"),
    JSON.stringify({ mode: "live", status, t0: 0, machines: [{ id: "m1", ticksPerSecond: 1 }] }),
  );
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const feeds: TailRunFeed[] = [];
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((feed) => feed.close()));
});

interface Watcher {
  snapshot: ServerMessage[];
  live: ServerMessage[];
  events(): WireEvent[];
  status(): FeedStatus;
}

async function watch(
  dir: string,
  options: Parameters<typeof startRunFeed>[0] = { runDir: dir },
): Promise<Watcher> {
  const feed = startRunFeed({ pollMs: 10, ...options, runDir: dir });
  feeds.push(feed);
  const live: ServerMessage[] = [];
  const subscription = await feed.subscribe((message) => live.push(message));
  subscription.start();
  const all = () => [...subscription.snapshot, ...live];
  return {
    snapshot: subscription.snapshot,
    live,
    events: () => all().flatMap((m) => (m.type === "events" ? m.events : [])),
    status: () => feed.status(),
  };
}

const seqs = (events: WireEvent[]) => events.map((e) => e.seq);

describe("the run feed", () => {
  it("sends a snapshot, then appended lines, each event once", async () => {
    const dir = runDir({ "m1.jsonl": jsonl([event(1, "INTERNAL", 0, 1), event(2, "INTERNAL", 500, 2)]) });
    const watcher = await watch(dir);
    expect(seqs(watcher.events())).toEqual([1, 2]);
    appendFileSync(
      join(dir, "m1.jsonl"),
      jsonl([event(3, "INTERNAL", 1000, 3), event(4, "INTERNAL", 1500, 4)]),
    );
    await waitFor(() => watcher.events().length >= 4, "the appended events");
    expect(seqs(watcher.events())).toEqual([1, 2, 3, 4]);
  });

  it("sends a page only the machines it asks for, in the snapshot and live", async () => {
    const dir = runDir({
      "m1.jsonl": jsonl([event(1, "INTERNAL", 0, 1)]),
      "m2.jsonl": jsonl([event(1, "INTERNAL", 10, 1)]),
    });
    const feed = startRunFeed({ runDir: dir, pollMs: 10 });
    feeds.push(feed);
    const live: ServerMessage[] = [];
    const subscription = await feed.subscribe((message) => live.push(message), new Set([1]));
    subscription.start();
    const events = () =>
      [...subscription.snapshot, ...live].flatMap((m) => (m.type === "events" ? m.events : []));
    appendFileSync(join(dir, "m1.jsonl"), jsonl([event(2, "INTERNAL", 20, 2)]));
    appendFileSync(join(dir, "m2.jsonl"), jsonl([event(2, "INTERNAL", 30, 2)]));
    await waitFor(() => events().length >= 2, "m2's second event");
    expect(events().map((e) => [e.m, e.seq])).toEqual([
      [1, 1],
      [1, 2],
    ]);
    const range = await feed.rangeEvents(0, 100, 10, new Set([0]));
    expect(range.events.map((e) => [e.m, e.seq])).toEqual([
      [0, 1],
      [0, 2],
    ]);
  });

  it("picks up a machine's log that appears after the start", async () => {
    const dir = runDir({ "m1.jsonl": jsonl([event(1, "INTERNAL", 0, 1)]) });
    const watcher = await watch(dir);
    writeFileSync(join(dir, "m2.jsonl"), jsonl([event(1, "INTERNAL", 100, 1)]));
    const machines = await waitFor(
      () => watcher.live.find((m) => m.type === "machines" && m.ids.includes("m2")),
      "m2 in the machine table",
    );
    expect(machines).toEqual({ type: "machines", ids: ["m1", "m2"] });
    await waitFor(() => watcher.events().some((e) => e.m === 1), "m2's event");
  });

  it("skips and counts corrupt lines, and waits for a cut last line to be completed", async () => {
    const good = JSON.stringify(event(3, "INTERNAL", 200, 3));
    const dir = runDir({
      "m1.jsonl": `${jsonl([event(1, "INTERNAL", 0, 1)])}not json\n{"type":"SEND","lamport":2}\n${good.slice(0, 20)}`,
    });
    const watcher = await watch(dir, { runDir: dir, cutLineQuietMs: 60_000 });
    expect(watcher.status().skippedLines).toEqual({ "m1.jsonl": 2 });
    expect(watcher.status().pendingCutLines).toEqual(["m1.jsonl"]);
    appendFileSync(join(dir, "m1.jsonl"), `${good.slice(20)}\n`);
    await waitFor(() => watcher.events().some((e) => e.seq === 3), "the completed line");
    expect(watcher.status().skippedLines).toEqual({ "m1.jsonl": 2 });
    expect(watcher.status().pendingCutLines).toEqual([]);
  });

  it("counts a cut last line of a finished run as skipped, and takes a whole one without its newline", async () => {
    const dir = runDir(
      {
        "m1.jsonl": `${jsonl([event(1, "INTERNAL", 0, 1)])}{"seq":2,"ty`,
        "m2.jsonl": JSON.stringify(event(1, "INTERNAL", 50, 1)),
      },
      "interrupted",
    );
    const watcher = await watch(dir);
    expect(watcher.status().skippedLines).toEqual({ "m1.jsonl": 1 });
    expect(watcher.events().map((e) => [e.m, e.seq])).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });

  it("counts message fates and fault windows, tolerating unknown router lines", async () => {
    const dir = runDir({
      "m1.jsonl": jsonl([
        event(1, "SEND", 0, 1, { id: "m1:1", kind: "BROADCAST", to: ["m2", "m3"], lamport: 1, sentAt: 0 }),
        event(2, "SEND", 10, 2, {
          id: "m1:2",
          kind: "SEND_FIRST",
          to: ["m2"],
          lamport: 2,
          sentAt: 10,
          failed: "router-down",
        }),
      ]),
      "m2.jsonl": jsonl([event(1, "RECEIVE", 5, 2, { id: "m1:1", from: "m1", lamport: 1, sentAt: 0 })]),
      "router.jsonl": jsonl([
        { type: "routed", at: 1, id: "m1:1", from: "m1", to: "m2" },
        { type: "dropped", at: 1, id: "m1:1", from: "m1", to: "m3", reason: "partition" },
        { type: "fault", at: 0, phase: "start", fault: "f1", kind: "partition", targets: ["m3"], detail: {} },
        { type: "held", at: 2, id: "m1:9" },
        { type: "fault", at: 7, phase: "end", fault: "f1", kind: "partition", targets: ["m3"] },
      ]),
    });
    const watcher = await watch(dir);
    const status = watcher.status();
    expect(status.fates).toEqual({
      sent: 3,
      delivered: 1,
      dropped: { partition: 1, "router-down": 1 },
      inFlightOrQueued: 0,
    });
    expect(status.faults).toEqual([
      { fault: "f1", kind: "partition", targets: ["m3"], startMs: 0, endMs: 7 },
    ]);
    expect(status.otherRouterLines).toEqual({ held: 1 });
    expect(status.skippedLines).toEqual({});
  });

  it("under NATS counts what each host's send log (edges/) dropped and what its books found lost", async () => {
    const dir = runDir({
      "m1.jsonl": jsonl([
        event(1, "SEND", 0, 1, { id: "m1:1", kind: "BROADCAST", to: ["m2", "m3"], lamport: 1, sentAt: 0 }),
        event(2, "SEND", 10, 2, { id: "m1:2", kind: "DIRECT", to: ["m2"], lamport: 2, sentAt: 10 }),
        event(3, "SEND", 20, 3, { id: "m1:3", kind: "DIRECT", to: ["m3"], lamport: 3, sentAt: 20 }),
      ]),
      "m2.jsonl": jsonl([event(1, "RECEIVE", 5, 2, { id: "m1:1", from: "m1", lamport: 1, sentAt: 0 })]),
      "router.jsonl": jsonl([{ type: "joined", at: 0, id: "m1", rejoin: false }]),
    });
    const edge = (part: string, lines: Line[]) => {
      mkdirSync(join(dir, "edges"), { recursive: true });
      writeFileSync(join(dir, "edges", `${part}.jsonl`), jsonl(lines));
    };
    edge("m1", [
      { type: "part", at: 0, runId: "r", part: "m1", host: "h", machines: ["m1", "m2"] },
      { type: "routed", at: 1, id: "m1:1", from: "m1", to: "m2" },
      { type: "dropped", at: 1, id: "m1:1", from: "m1", to: "m3", reason: "partition" },
      { type: "link-lost", at: 30, from: "m1", to: "m2", lost: 1, copies: 0, reason: "nats-slow-consumer" },
    ]);
    const watcher = await watch(dir);
    expect(watcher.status().fates.dropped).toEqual({ partition: 1, "nats-slow-consumer": 1 });
    // A host's log that appears later is picked up too.
    edge("m3", [
      {
        type: "refused",
        at: 25,
        from: "m1",
        to: "m3",
        code: "INVALID_FIELD",
        message: "x",
        messageId: "m1:3",
      },
    ]);
    await waitFor(() => watcher.status().fates.dropped["refused-by-receiver"] === 1, "the refusal");
    expect(watcher.status().fates).toEqual({
      sent: 4,
      delivered: 1,
      dropped: { partition: 1, "nats-slow-consumer": 1, "refused-by-receiver": 1 },
      inFlightOrQueued: 0,
    });
    expect(watcher.status().otherRouterLines).toEqual({});
  });

  it("replays lines when their trueTime comes round at the chosen speed", async () => {
    const dir = runDir(
      { "m1.jsonl": jsonl([0, 1000, 2000, 3000].map((t, i) => event(i + 1, "INTERNAL", t, i + 1))) },
      "completed",
    );
    let nowMs = 0;
    const watcher = await watch(dir, { runDir: dir, replaySpeed: 10, nowMs: () => nowMs });
    expect(watcher.events()).toEqual([]);
    await waitFor(() => watcher.events().length === 1, "the first event at once");
    nowMs = 150; // 1.5 s of the run at 10x
    await waitFor(() => watcher.events().length === 2, "the event at 1 s");
    expect(seqs(watcher.events())).toEqual([1, 2]);
    nowMs = 1000;
    await waitFor(() => watcher.status().caughtUp, "the end of the replay");
    expect(seqs(watcher.events())).toEqual([1, 2, 3, 4]);
  });

  it("reads a past range back from disk", async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => event(i + 1, "INTERNAL", i * 100, i + 1));
    const dir = runDir({ "m1.jsonl": jsonl(lines) }, "completed");
    const feed = startRunFeed({ runDir: dir, pollMs: 10 });
    feeds.push(feed);
    const range = await feed.rangeEvents(123_400, 145_600, 1000);
    expect(range.complete).toBe(true);
    expect(seqs(range.events)).toEqual(Array.from({ length: 223 }, (_, i) => 1235 + i));
    const capped = await feed.rangeEvents(0, 1_000_000, 10);
    expect(capped.complete).toBe(false);
    expect(seqs(capped.events)).toEqual([2991, 2992, 2993, 2994, 2995, 2996, 2997, 2998, 2999, 3000]);
  });
});
