// Live mode and simulation agree (issue 3): the same speeds, die and seed, run once for real over
// TCP (`clocklab run`) and once in virtual time (`clocklab simulate`), give the same per-machine
// tick rates (within 1%) and, within sampling noise, the same Lamport jumps and queue lengths.
// Both runs draw the same dice; only message timing differs (real sockets vs the latency model).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeRun } from "../../src/analysis/index.ts";
import { runCli } from "../helpers/cli.ts";

const ARGS = ["--duration", "5", "--seed", "7", "--speeds", "2,6,3,5"];
const MACHINES = 4;

describe("live and simulated runs agree", () => {
  const logDir = mkdtempSync(join(tmpdir(), "clocklab-agreement-"));
  afterAll(() => rmSync(logDir, { recursive: true, force: true }));

  it("on tick rates (1%), jumps and queue lengths (sampling noise)", async () => {
    const common = [...ARGS, "--machines", String(MACHINES), "--log-dir", logDir];
    const live = await runCli(["run", ...common, "--name", "live", "--port", "0"], { timeoutMs: 60_000 });
    expect(live.code, live.stderr).toBe(0);
    const sim = await runCli(["simulate", ...common, "--name", "sim", "--quiet"], { timeoutMs: 60_000 });
    expect(sim.code, sim.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(logDir, "sim", "run.json"), "utf8")).mode).toBe("sim");

    const [liveRun, simRun] = await Promise.all([
      analyzeRun(join(logDir, "live")),
      analyzeRun(join(logDir, "sim")),
    ]);
    expect(simRun.machineIds).toEqual(liveRun.machineIds);
    expect(liveRun.metrics.run.causalityViolations).toBe(0);
    expect(simRun.metrics.run.causalityViolations).toBe(0);
    for (const id of simRun.machineIds) {
      const a = liveRun.metrics.machines[id]!;
      const b = simRun.metrics.machines[id]!;
      const context = `${id}: live ${JSON.stringify(a)}\nsim ${JSON.stringify(b)}`;
      expect(Math.abs(a.ticksPerSecond! - b.ticksPerSecond!) / b.ticksPerSecond!, context).toBeLessThan(0.01);
      expect(Math.abs(a.events - b.events), context).toBeLessThanOrEqual(1);
      // Loose: a handful of messages timed differently may shift a few receives and jumps.
      expect(Math.abs(a.jumpMean! - b.jumpMean!), context).toBeLessThanOrEqual(1 + 0.5 * b.jumpMean!);
      expect(Math.abs(a.jumpMax! - b.jumpMax!), context).toBeLessThanOrEqual(3 + 0.5 * b.jumpMax!);
      expect(Math.abs(a.queueMean! - b.queueMean!), context).toBeLessThanOrEqual(0.5);
      expect(Math.abs(a.queueMax! - b.queueMax!), context).toBeLessThanOrEqual(2);
      expect(Math.abs(a.receives - b.receives), context).toBeLessThanOrEqual(Math.max(3, 0.25 * b.receives));
    }
  });
});
