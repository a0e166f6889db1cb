// A machine that stops reading its socket, against the real router process: the router's memory
// stays bounded by router.outputLimitBytes, past which it drops that machine's deliveries with the
// reason "slow-consumer" (policy drop) or cuts it off (policy disconnect), and the other machines'
// deliveries keep flowing the whole time. Peak router RSS under the flood is printed for each policy.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RouterTarget, startRouterProcess } from "../../test/helpers/fuzzTarget.ts";
import { RawClient, sendFrame } from "../../test/helpers/rawClient.ts";
import { waitFor } from "../../test/helpers/waitFor.ts";
import { encodeFrame } from "../core/frame.ts";
import type { RouterLogEntry } from "../core/routerLog.ts";

const OUTPUT_LIMIT_BYTES = 4 * 1024 * 1024;
/** Broadcasts m1 floods with; each is a ~60 KB frame (the largest payload the protocol allows). */
const FLOOD_MESSAGES = 6000; // a multiple of BATCH
/**
 * Broadcasts per batch. A batch (~3.6 MB) stays under the output limit, so m2, which reads, is never
 * behind by more than the limit even when this test process is slow to read: only m3 is congested.
 */
const BATCH = 60;
const PAYLOAD = "x".repeat(60_000);

const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function readRouterLog(runDir: string): RouterLogEntry[] {
  return readFileSync(join(runDir, "router.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as RouterLogEntry);
}

interface FloodResult {
  bytesToPaused: number;
  baselineRssBytes: number;
  peakRssBytes: number;
  /** Peak RSS when half the flood was sent: the second half must add little. */
  halfwayPeakRssBytes: number;
  /** Deliveries m2 received while m3 was paused (all of the flood), and m1 from m2. */
  m2Received: number;
  m1Received: number;
}

/**
 * m3 stops reading; m1 broadcasts FLOOD_MESSAGES big frames (to m2 and m3) in batches, and m2 sends
 * m1 a small message per batch. After each batch, m2 and m1 must have everything so far: the
 * healthy links never wait on the paused one. Router RSS is sampled after every batch.
 */
async function flood(target: RouterTarget, peers: Record<string, RawClient>): Promise<FloodResult> {
  const { m1, m2, m3 } = peers as Record<"m1" | "m2" | "m3", RawClient>;
  m3.pause();
  const baselineRssBytes = target.memory().rssBytes;
  let peakRssBytes = baselineRssBytes;
  let halfwayPeakRssBytes = 0;
  let m2Received = 0;
  let m1Received = 0;
  let frameBytes = 0;
  for (let sent = 0; sent < FLOOD_MESSAGES; ) {
    for (let i = 0; i < BATCH; i++, sent++) {
      const frame = encodeFrame(sendFrame("BROADCAST", `m1:${sent}`, sent, { payload: PAYLOAD }));
      frameBytes = frame.length;
      m1.sendBytes(frame);
    }
    m2.send(sendFrame("SEND_FIRST", `m2:${sent}`, sent));
    await waitFor(
      () => {
        for (const f of m2.frames.splice(0)) if (f.type === "deliver" && f.from === "m1") m2Received++;
        for (const f of m1.frames.splice(0)) if (f.type === "deliver" && f.from === "m2") m1Received++;
        peakRssBytes = Math.max(peakRssBytes, target.memory().rssBytes);
        return m2Received === sent && m1Received === sent / BATCH;
      },
      `m2 to get all ${sent} broadcasts and m1 all ${sent / BATCH} messages from m2 while m3 is paused`,
      30_000,
    );
    if (sent >= FLOOD_MESSAGES / 2 && halfwayPeakRssBytes === 0)
      halfwayPeakRssBytes = Math.max(peakRssBytes, target.memory().peakBytes);
  }
  peakRssBytes = Math.max(peakRssBytes, target.memory().peakBytes);
  return {
    bytesToPaused: FLOOD_MESSAGES * frameBytes,
    baselineRssBytes,
    peakRssBytes,
    halfwayPeakRssBytes,
    m2Received,
    m1Received,
  };
}

function report(policy: string, result: FloodResult): string {
  return (
    `slow consumer (${policy}): ${MiB(result.bytesToPaused)} sent to the paused machine; router RSS ` +
    `${MiB(result.baselineRssBytes)} before, peak ${MiB(result.peakRssBytes)} ` +
    `(+${MiB(result.peakRssBytes - result.baselineRssBytes)}; peak at half the flood ` +
    `${MiB(result.halfwayPeakRssBytes)}), output limit ${MiB(OUTPUT_LIMIT_BYTES)}`
  );
}

describe.each(["drop", "disconnect"] as const)("a machine that stops reading (slowConsumer %s)", (policy) => {
  let logDir: string;
  let target: RouterTarget;
  const peers: Record<string, RawClient> = {};
  let result: FloodResult;

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), "clocklab-slow-"));
    target = await startRouterProcess(logDir, `slow-${policy}`, [
      "--set",
      `router.outputLimitBytes=${OUTPUT_LIMIT_BYTES}`,
      "--set",
      `router.slowConsumer=${policy}`,
    ]);
    for (const id of ["m1", "m2", "m3"]) peers[id] = await RawClient.join(target.port, id);
    for (const client of Object.values(peers)) await client.waitForFrame((f) => f.type === "start", "start");
    result = await flood(target, peers);
    console.log(report(policy, result));
  });
  afterAll(async () => {
    for (const client of Object.values(peers)) client.destroy();
    await target?.stop();
    rmSync(logDir, { recursive: true, force: true });
  });

  it("keeps the other machines at full speed: every delivery to m2 and m1 arrived during the flood", () => {
    expect(result.m2Received).toBe(FLOOD_MESSAGES);
    expect(result.m1Received).toBe(FLOOD_MESSAGES / BATCH);
    expect(target.alive()).toBe(true);
  });

  it("keeps router memory far below what was sent to the paused machine", () => {
    const growth = result.peakRssBytes - result.baselineRssBytes;
    expect(growth, report(policy, result)).toBeLessThan(result.bytesToPaused / 4);
    // Bounded, not merely slow to grow: the second half of the flood adds little on top of the first.
    const secondHalf = result.peakRssBytes - result.halfwayPeakRssBytes;
    expect(secondHalf, report(policy, result)).toBeLessThan(result.bytesToPaused / 2 / 4);
  });

  it("accounts for every message to the paused machine: routed, or dropped with a reason", async () => {
    const toM3 = await waitFor(() => {
      const entries = readRouterLog(target.runDir).filter(
        (e) => (e.type === "routed" || e.type === "dropped") && e.to === "m3" && e.from === "m1",
      );
      return entries.length === FLOOD_MESSAGES && entries;
    }, "a routed or dropped line for each message to m3");
    const routed = toM3.filter((e) => e.type === "routed").length;
    const reasons = new Set(toM3.flatMap((e) => (e.type === "dropped" ? [e.reason] : [])));
    // Only what fits in the output limit and the kernel's socket buffers was ever queued for m3.
    expect(routed).toBeLessThan(FLOOD_MESSAGES / 4);
    expect([...reasons]).toEqual([policy === "drop" ? "slow-consumer" : "machine-gone"]);
    if (policy === "disconnect") {
      const left = readRouterLog(target.runDir).find((e) => e.type === "left" && e.id === "m3");
      expect(left).toMatchObject({ reason: expect.stringContaining("slow consumer") });
    }
  });

  it(
    policy === "drop"
      ? "stays connected and, once reading again, gets exactly the routed messages, in order"
      : "is disconnected",
    async () => {
      const m3 = peers.m3!;
      m3.resume();
      if (policy === "disconnect") {
        await m3.waitForClose(10_000);
        return;
      }
      const routedIds = readRouterLog(target.runDir)
        .filter((e) => e.type === "routed" && e.to === "m3" && e.from === "m1")
        .map((e) => (e.type === "routed" ? e.id : ""));
      const received = await waitFor(() => {
        const ids = m3.frames.filter((f) => f.type === "deliver" && f.from === "m1").map((f) => f.id);
        return ids.length >= routedIds.length && ids;
      }, "m3 to receive what was routed to it");
      expect(received).toEqual(routedIds);
      expect(m3.closed).toBe(false);
    },
  );
});
