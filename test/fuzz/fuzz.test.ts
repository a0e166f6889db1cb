// Fuzzing the real router process: a few thousand seeded malformed inputs from 20 rogue connections
// at a time, while three good machines talk through it. The router must not crash, must not stall,
// must answer each case as the protocol says, and must deliver every good message in order.
// Replay with FUZZ_SEED=<seed>, or run more with `npx tsx scripts/fuzz.ts --cases 100000`.
import { describe, expect, it } from "vitest";
import { CATEGORIES } from "./cases.ts";
import { formatSummary } from "./formatSummary.ts";
import { runFuzz } from "./runFuzz.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 6061);
const CASES = 3000;

describe(`fuzzing the router process (seed ${SEED}, ${CASES} cases)`, () => {
  it("never crashes, never stalls, answers every case and delivers every good message", async () => {
    const summary = await runFuzz({ seed: SEED, cases: CASES, concurrency: 20, caseTimeoutMs: 10_000 });
    const report = formatSummary(summary);
    console.log(report);
    expect(summary.crashes, report).toBe(0);
    expect(summary.router.alive, report).toBe(true);
    expect(summary.stalls, report).toBe(0);
    expect(summary.mismatches, report).toEqual([]);
    expect(summary.cases).toBe(CASES);
    expect(Object.keys(summary.byCategory).sort()).toEqual([...CATEGORIES].sort());
    expect(summary.good.problems, report).toEqual([]);
    expect(summary.good.sent).toBeGreaterThan(CASES);
    expect(summary.good.delivered).toBe(summary.good.sent);
  });
});
