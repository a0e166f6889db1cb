// The message fates of a run as `clocklab analyze --json` reports them, and the checks every run
// must pass: the fates add up to what was sent, and nothing is lost without a cause.
import { execFileSync } from "node:child_process";
import { expect } from "vitest";
import { CLI_BIN } from "./cli.ts";

export interface RunFates {
  sent: number;
  delivered: number;
  queued: number;
  inFlight: number;
  undelivered: number;
  dropped: Record<string, number>;
  lost: Record<string, number>;
  duplicates: number;
}

export function analyzeFates(runDir: string): { run: RunFates; warnings: string[] } {
  const out = execFileSync(process.execPath, [CLI_BIN, "analyze", runDir, "--json", "--no-report"], {
    encoding: "utf8",
  });
  const json = JSON.parse(out) as { run: RunFates; warnings: string[] };
  return { run: json.run, warnings: json.warnings };
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Every delivery asked for has exactly one fate, and every loss has a named cause. */
export function expectEveryFateAccounted(run: RunFates, warnings: string[]): void {
  const fates = run.delivered + run.queued + run.inFlight + sum(run.dropped) + sum(run.lost);
  expect(fates, `fates ${JSON.stringify(run)}`).toBe(run.sent);
  expect(Object.keys(run.lost).filter((cause) => cause.startsWith("unexplained"))).toEqual([]);
  expect(warnings.filter((w) => /never reached|neither received|incomplete/.test(w))).toEqual([]);
}
