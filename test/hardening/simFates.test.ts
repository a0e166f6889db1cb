// Message accounting in the simulator, through the CLI (issue 12, items 2 and 4). `sent` counts
// every delivery the SEND lines asked for, the last tick's included, and a clean run ends with
// nothing dropped, lost or left on a link: the end of the run lets every message already sent
// reach a queue. Checked for the run the issue names (seed 1, 30 s) and for 50 machines.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { analyzeFates, expectEveryFateAccounted } from "../helpers/fates.ts";

const logDir = mkdtempSync(join(tmpdir(), "clocklab-sim-fates-"));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

/** Deliveries asked for by the SEND lines of a run (a broadcast to k machines counts k). */
function deliveriesAskedFor(runDir: string, machines: number): number {
  let total = 0;
  for (const name of readdirSync(runDir).filter((n) => /^m\d+\.jsonl$/.test(n))) {
    for (const line of readFileSync(join(runDir, name), "utf8").trim().split("\n")) {
      const event = JSON.parse(line) as { type: string; message?: { to?: string[] | string } };
      if (event.type !== "SEND") continue;
      const to = event.message?.to;
      total += Array.isArray(to) ? to.length : to === undefined ? machines - 1 : 1;
    }
  }
  return total;
}

describe("simulate: every delivery of a clean run is sent, and reaches a queue", () => {
  it.each([
    ["--seed 1 --duration 30", ["--seed", "1", "--duration", "30"], 3],
    ["50 machines", ["--seed", "2", "--duration", "10", "--machines", "50"], 50],
  ] as const)("%s", async (_name, args, machines) => {
    const runName = `r${machines}`;
    const result = await runCli(["simulate", ...args, "--log-dir", logDir, "--name", runName]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain("never reached the router");
    const runDir = join(logDir, runName);
    const { run, warnings } = analyzeFates(runDir);
    expectEveryFateAccounted(run, warnings);
    // Before the fix, messages of the last tick still on their way to the router were in no count.
    expect(run.sent, `seed ${args[1]}`).toBe(deliveriesAskedFor(runDir, machines));
    expect(run.dropped).toEqual({});
    expect(run.lost).toEqual({});
    expect(run.inFlight).toBe(0);
    expect(warnings).toEqual([]);
  });
});
