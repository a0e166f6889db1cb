// `clocklab experiment` end to end, in sim mode with tiny runs: the files it writes, the
// comparison's numbers against an independent analysis of the run directories, Ctrl-C and
// --resume (completed runs are not redone), and invalid files refused before anything runs.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Comparison } from "../src/analysis/comparison/index.ts";
import { METRIC_KEYS, runMetricValues } from "../src/analysis/comparison/index.ts";
import { analyzeRun } from "../src/analysis/index.ts";
import { deriveSeed } from "../src/core/random.ts";
import type { ExperimentRecord } from "../src/experiment/record.ts";
import { runCli } from "./helpers/cli.ts";
import { startCli } from "./helpers/processes.ts";
import { waitFor } from "./helpers/waitFor.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "clocklab-experiment-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function experimentFile(name: string, repeats: number): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    [
      `name: ${name}`,
      "description: a <b>tiny</b> test",
      "durationS: 5",
      `repeats: ${repeats}`,
      "seed: 11",
      "variations:",
      "  - name: base",
      "    description: <script>alert(1)</script>",
      "  - name: fast",
      "    set: { machine.speedMin: 5, machine.speedMax: 6 }",
      "",
    ].join("\n"),
  );
  return path;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

describe("clocklab experiment (sim)", () => {
  it("runs every variation × repeat, writes the run directories and a comparison with correct CIs", async () => {
    const file = experimentFile("small", 2);
    const logDir = join(dir, "logs-small");
    const result = await runCli(["experiment", file, "--log-dir", logDir, "--parallel", "2"], {
      timeoutMs: 60_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/4\/4 runs/);
    expect(result.stdout).toContain("largest jump");
    expect(result.stdout).toContain("fast against base");

    const expDir = join(logDir, "small");
    const record = readJson<ExperimentRecord>(join(expDir, "experiment.json"));
    expect(record).toMatchObject({ status: "completed", seed: 11, seedSource: "file", name: "small" });
    expect(record.runs.map((r) => `${r.variation}/${r.repeat}:${r.status}`)).toEqual([
      "base/1:completed",
      "base/2:completed",
      "fast/1:completed",
      "fast/2:completed",
    ]);
    for (const variation of ["base", "fast"]) {
      for (const repeat of [1, 2]) {
        const info = readJson<{
          status: string;
          seed: number;
          mode: string;
          config: { machine: { speedMin: number } };
        }>(join(expDir, variation, String(repeat), "run.json"));
        // Common random numbers: repeat i has the same seed in every variation.
        expect(info).toMatchObject({
          status: "completed",
          mode: "sim",
          seed: deriveSeed(11, `repeat:${repeat}`),
        });
        expect(info.config.machine.speedMin).toBe(variation === "fast" ? 5 : 1);
      }
    }

    const comparison = readJson<Comparison>(join(expDir, "comparison.json"));
    for (const variation of comparison.variations) {
      const analyses = await Promise.all(
        [1, 2].map(async (repeat) =>
          runMetricValues(await analyzeRun(join(expDir, variation.name, String(repeat)))),
        ),
      );
      for (const key of METRIC_KEYS) {
        const values = analyses.map((a) => a[key]);
        const m = variation.metrics[key];
        expect(m.values).toEqual(values);
        const [a, b] = values as [number, number];
        expect(m.mean).toBeCloseTo((a + b) / 2, 9);
        // n = 2: sd = |a - b| / sqrt(2); half-width = t(0.975, 1) * sd / sqrt(2) = 12.706 * |a - b| / 2
        expect(m.halfWidth).toBeCloseTo((12.706 * Math.abs(a - b)) / 2, 9);
      }
    }
    expect(comparison.observations.length).toBe(2);
    expect(readFileSync(join(expDir, "comparison.csv"), "utf8").split("\n")[0]).toBe(
      "variation,metric,n,mean,sd,ci95Low,ci95High,ci95HalfWidth,min,max,ci95Method",
    );

    const html = readFileSync(join(expDir, "comparison.html"), "utf8");
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("a &lt;b&gt;tiny&lt;/b&gt; test");
    expect(html.match(/data-chart="/g)).toHaveLength(METRIC_KEYS.length);
    expect(html).toContain("<svg");

    const again = await runCli(["experiment", file, "--log-dir", logDir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("--resume");
  });

  it("stops on Ctrl-C keeping finished runs, and --resume does not redo them", async () => {
    const file = experimentFile("stopped", 2);
    const logDir = join(dir, "logs-stopped");
    const expDir = join(logDir, "stopped");
    const experiment = startCli(["experiment", file, "--log-dir", logDir, "--parallel", "1"]);
    const runJson = (variation: string, repeat: number) =>
      join(expDir, variation, String(repeat), "run.json");
    await waitFor(
      () =>
        existsSync(runJson("base", 1)) &&
        readJson<{ status: string }>(runJson("base", 1)).status === "completed",
      "the first run to complete",
      30_000,
    );
    experiment.kill("SIGINT");
    expect(await experiment.exited()).toBe(130);
    expect(experiment.output()).toContain("resume with: clocklab experiment");

    const record = readJson<ExperimentRecord>(join(expDir, "experiment.json"));
    expect(record.status).toBe("interrupted");
    const kept = record.runs.filter((r) => r.status === "completed");
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThan(4);
    expect(existsSync(join(expDir, "comparison.json"))).toBe(false);
    const createdAt = new Map(
      kept.map((r) => [r.dir, readJson<{ createdAt: string }>(join(r.dir, "run.json")).createdAt]),
    );

    const resumed = await runCli(["experiment", file, "--log-dir", logDir, "--resume"], {
      timeoutMs: 60_000,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`${kept.length} already completed, skipped`);
    const after = readJson<ExperimentRecord>(join(expDir, "experiment.json"));
    expect(after.status).toBe("completed");
    expect(after.previousStarts).toEqual([record.startedAt]);
    expect(after.runs.filter((r) => r.status === "skipped").length).toBe(kept.length);
    expect(after.runs.every((r) => r.status === "completed" || r.status === "skipped")).toBe(true);
    for (const [runDir, created] of createdAt) {
      expect(readJson<{ createdAt: string }>(join(runDir, "run.json")).createdAt).toBe(created);
    }
    const comparison = readJson<Comparison>(join(expDir, "comparison.json"));
    expect(comparison.variations.map((v) => v.runs)).toEqual([2, 2]);
  });

  it("refuses an invalid experiment file before anything runs", async () => {
    const path = join(dir, "bad.yaml");
    writeFileSync(
      path,
      "name: bad\ndurationS: 10\nrepeats: 2\nvariations:\n  - name: a\n  - name: b\n    set: { machine.speedMn: 5 }\n",
    );
    const logDir = join(dir, "logs-bad");
    const result = await runCli(["experiment", path, "--log-dir", logDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${path}: variations[1].set.machine.speedMn: unknown key; expected one of`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(logDir) ? readdirSync(logDir) : []).toEqual([]);
  });
});
