import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../../test/helpers/cli.ts";
import { configSchema } from "../../core/config.ts";
import type { RunInfo } from "../../core/runInfo.ts";
import { runSimulation } from "../../runtime/simulate/runSimulation.ts";

const root = mkdtempSync(join(tmpdir(), "clocklab-simulate-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function config(logDir: string, overrides: { seed?: number; name?: string } = {}) {
  return configSchema.parse({
    run: { machines: 4, durationS: 30, seed: overrides.seed ?? 3, name: overrides.name ?? "run", logDir },
    machine: { clocks: { m2: { offsetMs: 40, driftPpm: 200 } } },
    sim: { latency: { distribution: "exponential", meanMs: 4 } },
  });
}

const files = (dir: string) => readdirSync(dir).sort();

describe("clocklab simulate", () => {
  it("writes the same files byte for byte for the same seed and config, and other logs for another seed", async () => {
    const a = await runSimulation(config(join(root, "a")), { yes: false });
    const b = await runSimulation(config(join(root, "b")), { yes: false });
    const c = await runSimulation(config(join(root, "c"), { seed: 4 }), { yes: false });
    expect(files(a.runDir)).toEqual([
      "m1.final.json",
      "m1.jsonl",
      "m2.final.json",
      "m2.jsonl",
      "m3.final.json",
      "m3.jsonl",
      "m4.final.json",
      "m4.jsonl",
      "network.final.json",
      "router.jsonl",
      "run.json",
    ]);
    for (const file of files(a.runDir).filter((name) => name !== "run.json")) {
      expect(readFileSync(join(b.runDir, file)), file).toEqual(readFileSync(join(a.runDir, file)));
    }
    expect(readFileSync(join(c.runDir, "m1.jsonl"))).not.toEqual(readFileSync(join(a.runDir, "m1.jsonl")));
  });

  it("records the run in run.json (mode sim, seed, t0, totals) and every event in the logs", async () => {
    const { runDir } = await runSimulation(config(join(root, "d")), { yes: false });
    const info = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8")) as RunInfo;
    expect(info).toMatchObject({
      format: "clocklab-run",
      mode: "sim",
      seed: 3,
      t0: 0,
      durationS: 30,
      status: "completed",
      endReason: "duration reached",
    });
    expect(info.config.run.seed).toBe(3);
    const lines = info.machines.flatMap((machine) =>
      readFileSync(join(runDir, `${machine.id}.jsonl`), "utf8")
        .trim()
        .split("\n"),
    );
    expect(info.sim?.totals?.events).toBe(lines.length);
    expect(info.sim?.estimatedEvents).toBe(lines.length);
    const m2 = JSON.parse(readFileSync(join(runDir, "m2.jsonl"), "utf8").split("\n")[0]!);
    expect(m2.systemTime).toBeCloseTo(m2.trueTime * (1 + 200 / 1e6) + 40, 6);
  });

  it("refuses to reuse a run directory", async () => {
    const logDir = join(root, "e");
    await runSimulation(config(logDir), { yes: false });
    await expect(runSimulation(config(logDir), { yes: false })).rejects.toThrow(/already holds a run/);
  });

  it("asks for --yes above sim.maxEvents (exit 2, nothing written), and runs with it", async () => {
    const logDir = join(root, "f");
    const args = ["simulate", "--duration", "60", "--seed", "1", "--log-dir", logDir, "--quiet"];
    const refused = await runCli([...args, "--name", "big", "--set", "sim.maxEvents=100"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/more than sim\.maxEvents 100; pass --yes/);
    expect(existsSync(join(logDir, "big"))).toBe(false);
    const accepted = await runCli([...args, "--name", "big", "--set", "sim.maxEvents=100", "--yes"]);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain(join(logDir, "big"));
  });

  it("with --no-report writes the logs and no report, and names the run directory", async () => {
    const logDir = join(root, "g");
    const result = await runCli([
      "simulate",
      "--duration",
      "10",
      "--seed",
      "1",
      "--log-dir",
      logDir,
      "--name",
      "r",
      "--quiet",
      "--no-report",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(join(logDir, "r"));
    expect(existsSync(join(logDir, "r", "router.jsonl"))).toBe(true);
    expect(existsSync(join(logDir, "r", "report.html"))).toBe(false);
    expect(result.stdout).not.toMatch(/causality violations/);
  });

  it("validates input like run does", async () => {
    const result = await runCli(["simulate", "--machines", "1", "--quiet"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/run\.machines \(from --machines\): got 1; expected a value at least 2/);
  });
});
