// Configuration reaches child processes over the IPC channel, never as one argv string: a config
// larger than Linux lets one argument be (128 KiB) still starts a live run's router and machines,
// and an experiment's runs. Before this, both died with `spawn E2BIG` and a stack trace.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { readRunLogs } from "../helpers/runLogs.ts";

const MIN_CONFIG_BYTES = 200_000;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "clocklab-large-config-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `machine.clocks` entries for m4, m5, ... (ids the run does not have are allowed) until big enough. */
function clockLines(indent: string): string[] {
  const lines: string[] = [];
  let bytes = 0;
  for (let id = 4; bytes < MIN_CONFIG_BYTES + 10_000; id++) {
    const line = `${indent}m${id}: { offsetMs: ${id % 50}, driftPpm: ${id % 7} }`;
    lines.push(line);
    bytes += line.length + 1;
  }
  return lines;
}

describe("a config larger than one argv string may be", () => {
  it("runs live: `clocklab run --config <220 KB file>` with 3 machines to completion", async () => {
    const file = join(dir, "large.yaml");
    writeFileSync(file, ["machine:", "  clocks:", ...clockLines("    "), ""].join("\n"));
    expect(statSync(file).size).toBeGreaterThan(MIN_CONFIG_BYTES);
    const logDir = join(dir, "logs");
    const result = await runCli(
      ["run", "--config", file, "--duration", "3", "--port", "0", "--name", "large", "--log-dir", logDir],
      { timeoutMs: 60_000 },
    );
    expect(result.stderr).not.toMatch(/E2BIG/);
    expect(result.code, result.stderr).toBe(0);
    const logs = readRunLogs(join(logDir, "large"));
    expect(logs.info.status).toBe("completed");
    expect(logs.info.machines.map((m) => m.id)).toEqual(["m1", "m2", "m3"]);
    for (const id of ["m1", "m2", "m3"]) expect(logs.machines.get(id)?.length ?? 0, id).toBeGreaterThan(0);
    const recorded = JSON.parse(readFileSync(join(logDir, "large", "run.json"), "utf8")) as {
      config: { machine: { clocks: Record<string, unknown> } };
    };
    expect(recorded.config.machine.clocks.m4000).toEqual({ offsetMs: 0, driftPpm: 3 });
  });

  it("runs an experiment (sim) whose base config is that large", async () => {
    const file = join(dir, "large-experiment.yaml");
    writeFileSync(
      file,
      [
        "name: large",
        "mode: sim",
        "durationS: 5",
        "repeats: 1",
        "seed: 3",
        "base:",
        "  machine:",
        "    clocks:",
        ...clockLines("      "),
        "variations:",
        "  - name: only",
        "",
      ].join("\n"),
    );
    expect(statSync(file).size).toBeGreaterThan(MIN_CONFIG_BYTES);
    const result = await runCli(["experiment", file, "--log-dir", join(dir, "experiment-logs")], {
      timeoutMs: 60_000,
    });
    expect(result.stderr).not.toMatch(/E2BIG/);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stderr).toMatch(/1\/1 runs/);
  });
});
