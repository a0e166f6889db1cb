// A fuzz run: the real router as its own OS process, three good machines talking through it, and a
// bounded pool of rogue connections sending seeded malformed input. Shared by the vitest test and
// `npm run fuzz`; returns a summary instead of throwing, so both can print it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROTOCOL_ERROR_CODES } from "../../src/core/errors.ts";
import { PRE_HELLO_MAX_FRAME_BYTES } from "../../src/core/frame.ts";
import { createRandom, deriveSeed } from "../../src/core/random.ts";
import { type RouterTarget, startRouterProcess } from "../helpers/fuzzTarget.ts";
import { type Category, type FuzzCase, generateCase } from "./cases.ts";
import { GoodTraffic } from "./goodTraffic.ts";
import { judge, runRogue } from "./rogue.ts";

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** Rogue connections open at once. */
  concurrency: number;
  /** A case whose connection is not closed within this is a stall. */
  caseTimeoutMs: number;
  /** Run only these case indices (to replay a failure). */
  only?: number[];
  onProgress?: (done: number, total: number) => void;
}

export interface Mismatch {
  index: number;
  category: Category;
  problem: string;
  /** The case's bytes, hex, cut short. */
  hex: string;
}

export interface FuzzSummary {
  seed: number;
  cases: number;
  byCategory: Record<string, number>;
  codes: Record<string, number>;
  mismatches: Mismatch[];
  /** 1 if the router process exited during the run. */
  crashes: number;
  /** Cases not closed within the deadline, plus good deliveries still missing at the end. */
  stalls: number;
  good: { sent: number; delivered: number; maxLatencyMs: number; problems: string[] };
  router: { alive: boolean; rssBeforeBytes: number; rssAfterBytes: number; peakBytes: number; tail: string };
  maxCaseMs: number;
  durationMs: number;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const started = performance.now();
  const logDir = mkdtempSync(join(tmpdir(), "clocklab-fuzz-"));
  let target: RouterTarget | null = null;
  let good: GoodTraffic | null = null;
  try {
    target = await startRouterProcess(logDir, "fuzz", ["--seed", String(options.seed % 0x7fffffff)]);
    good = await GoodTraffic.join(target.port, createRandom(deriveSeed(options.seed, "good-traffic")));
    const rssBefore = target.memory().rssBytes;
    const summary = emptySummary(options.seed);
    const indices = options.only ?? Array.from({ length: options.cases }, (_, i) => i);
    let next = 0;
    let done = 0;
    const drainTimer = setInterval(() => good!.drain(), 20);
    const worker = async (port: number) => {
      while (next < indices.length && target!.exit === null) {
        const fuzzCase = generateCase(options.seed, indices[next++]!, PRE_HELLO_MAX_FRAME_BYTES);
        const outcome = await runRogue(port, fuzzCase, options.caseTimeoutMs);
        record(summary, fuzzCase, outcome, judge(fuzzCase, outcome, PROTOCOL_ERROR_CODES));
        good!.sendOne();
        options.onProgress?.(++done, indices.length);
      }
    };
    const port = target.port;
    await Promise.all(Array.from({ length: options.concurrency }, () => worker(port)));
    clearInterval(drainTimer);
    await good.waitAllDelivered(10_000);
    if (!good.allConnected) good.problems.push("a good machine was disconnected");
    const memory = target.alive() ? target.memory() : { rssBytes: 0, peakBytes: 0 };
    summary.crashes = target.alive() ? 0 : 1;
    summary.stalls += good.outstanding;
    summary.good = {
      sent: good.sent,
      delivered: good.delivered,
      maxLatencyMs: good.maxLatencyMs,
      problems: good.problems,
    };
    summary.router = {
      alive: target.alive(),
      rssBeforeBytes: rssBefore,
      rssAfterBytes: memory.rssBytes,
      peakBytes: memory.peakBytes,
      tail: target.tail(),
    };
    summary.durationMs = performance.now() - started;
    return summary;
  } finally {
    good?.close();
    await target?.stop();
    rmSync(logDir, { recursive: true, force: true });
  }
}

function emptySummary(seed: number): FuzzSummary {
  return {
    seed,
    cases: 0,
    byCategory: {},
    codes: {},
    mismatches: [],
    crashes: 0,
    stalls: 0,
    good: { sent: 0, delivered: 0, maxLatencyMs: 0, problems: [] },
    router: { alive: false, rssBeforeBytes: 0, rssAfterBytes: 0, peakBytes: 0, tail: "" },
    maxCaseMs: 0,
    durationMs: 0,
  };
}

function record(
  summary: FuzzSummary,
  fuzzCase: FuzzCase,
  outcome: Awaited<ReturnType<typeof runRogue>>,
  problem: string | null,
): void {
  summary.cases++;
  summary.byCategory[fuzzCase.category] = (summary.byCategory[fuzzCase.category] ?? 0) + 1;
  const code = outcome.frames[0]?.type === "error" ? String(outcome.frames[0].code) : "(none)";
  summary.codes[code] = (summary.codes[code] ?? 0) + 1;
  summary.maxCaseMs = Math.max(summary.maxCaseMs, outcome.ms);
  if (!outcome.closed) summary.stalls++;
  if (problem !== null) {
    const bytes = fuzzCase.chunks.flatMap((chunk) => [...chunk]);
    const hex = Buffer.from(bytes.slice(0, 200)).toString("hex") + (bytes.length > 200 ? "…" : "");
    summary.mismatches.push({ index: fuzzCase.index, category: fuzzCase.category, problem, hex });
  }
}
