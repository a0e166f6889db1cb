// Faults through the real CLI: every bad fault (in a config file, an experiment file or a --fault)
// is refused with exit 2 and one message naming the entry, the value and what was expected, before
// anything runs; good faults reach the run as written, through the JSON handed to child processes.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunInfo } from "../src/core/runInfo.ts";
import { runCli } from "./helpers/cli.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "clocklab-faults-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectRefused(result: { code: number | null; stderr: string }, ...fragments: string[]) {
  expect(result.code, result.stderr).toBe(2);
  for (const fragment of fragments) expect(result.stderr).toContain(fragment);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

/** A log directory that must stay empty: nothing ran. */
function emptyLogDir(name: string): string {
  return join(dir, `nothing-${name}`);
}

function expectNothingRan(logDir: string) {
  expect(existsSync(logDir) ? readdirSync(logDir) : []).toEqual([]);
}

/** The commands that run a model with the config's faults, checked side by side. */
async function everyCommand(check: (command: string) => Promise<void>): Promise<void> {
  await Promise.all(["run", "router", "simulate"].map(check));
}

function configFile(name: string, yaml: string): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

describe("a bad --fault is refused by run, router and simulate before anything runs", () => {
  it.each([
    [
      "an unknown machine",
      ["--fault", "pause m9 at 5s"],
      [
        "faults[0].pause (from --fault 'pause m9 at 5s'): got \"m9\"",
        "expected a machine of this run (m1, m2, m3)",
      ],
    ],
    [
      "an unknown machine that is close to one",
      ["--fault", "clock M2 step -5000ms at 20s"],
      ['got "M2"', "did you mean m2?"],
    ],
    [
      "a window past the run's end",
      ["--duration", "20", "--fault", "pause m3 at 15s for 10s"],
      [
        "faults[0].for (from --fault 'pause m3 at 15s for 10s'): got \"10s\"",
        "expected at most 5 s, so that the window from 15 s ends by the run's end at 20 s",
      ],
    ],
    [
      "two partitions at once",
      ["--fault", "partition m1 | m2,m3 at 10s for 15s", "--fault", "partition one every 20s for 5s"],
      [
        "faults[1] (from --fault 'partition one every 20s for 5s'): partition drawn between 20 s and 60 s",
        "overlaps faults[0]'s partition from 10 s to 25 s; expected one partition at a time",
      ],
    ],
    [
      "a probability outside [0, 1]",
      ["--fault", "loss 150%"],
      ["--fault 'loss 150%': \"150%\" after loss: expected a probability from 0 to 1"],
    ],
    [
      "an unknown kind",
      ["--fault", "partiton m1 | m2 at 5s"],
      ["--fault 'partiton m1 | m2 at 5s': \"partiton\": expected a kind of fault", "did you mean partition?"],
    ],
    [
      "a clock fault without a change",
      ["--fault", "clock m2 at 20s"],
      ["--fault 'clock m2 at 20s': \"at\" after clock m2: expected step, drift, strobe or periodic"],
    ],
    [
      "a ring on two machines",
      ["--machines", "2", "--fault", "partition ring"],
      [
        "faults[0].partition (from --fault 'partition ring'): got \"ring\"; expected a ring on at least 3 machines",
      ],
    ],
    [
      "a partition that leaves no one on the other side",
      ["--fault", "partition m1,m2,m3 at 5s for 5s"],
      [
        "faults[0].partition (from --fault 'partition m1,m2,m3 at 5s for 5s')",
        "expected at least two groups",
      ],
    ],
    [
      "a negative duration",
      ["--fault", "pause m1 at 5s for -5s"],
      ["--fault 'pause m1 at 5s for -5s': \"-5s\" after for: expected a duration"],
    ],
  ])("%s", async (name, args, fragments) => {
    await everyCommand(async (command) => {
      const logDir = emptyLogDir(`${command}-${name.replace(/\W+/g, "-")}`);
      expectRefused(await runCli([command, ...args, "--log-dir", logDir]), ...fragments);
      expectNothingRan(logDir);
    });
  });

  it("a --fault is named by its own text even after faults from a file", async () => {
    const file = configFile("one-fault.yaml", "faults:\n  - loss: 1%\n");
    const logDir = emptyLogDir("after-file");
    expectRefused(
      await runCli(["simulate", "--config", file, "--fault", "pause m4", "--log-dir", logDir]),
      "faults[1].pause (from --fault 'pause m4'): got \"m4\"",
    );
    expectNothingRan(logDir);
  });
});

describe("a bad faults: entry in a config file is refused, naming the file and the path", () => {
  it.each([
    [
      "an unknown machine",
      "  - pause: m9\n",
      ['faults[0].pause (in FILE): got "m9"; expected a machine of this run'],
    ],
    [
      "a window past the run's end",
      "  - pause: m1\n    at: 70s\n",
      ['faults[0].at (in FILE): got "70s"; expected a time before the run\'s end at 60 s'],
    ],
    [
      "overlapping partitions",
      "  - partition: [[m1], [m2, m3]]\n    at: 10s\n    for: 15s\n  - partition: [[m1, m2], [m3]]\n    at: 20s\n",
      ["faults[1] (in FILE): partition from 20 s to 60 s overlaps faults[0]'s partition from 10 s to 25 s"],
    ],
    [
      "a probability outside [0, 1]",
      "  - loss: {bursty: {toBad: 1%, toGood: 130%, lossWhenBad: 80%}}\n",
      ['faults[0].loss.bursty.toGood (in FILE): got "130%"; expected a probability from 0 to 1'],
    ],
    [
      "an unknown kind",
      "  - lose: 5%\n",
      [
        "faults[0].lose (in FILE): unknown key; expected one of partition, latency, loss,",
        "did you mean loss?",
      ],
    ],
    [
      "a clock entry with two changes",
      "  - clock: m2\n    step: -5000ms\n    drift: 200ppm\n",
      [
        "faults[0] (in FILE): got",
        "expected a clock fault with exactly one of step, drift, strobe or periodic (got step and drift)",
      ],
    ],
    [
      "a clock entry with no change",
      "  - clock: m2\n    at: 5s\n",
      ["expected a clock fault with exactly one of step, drift, strobe or periodic (got none)"],
    ],
    [
      "a ring on fewer than 3 machines",
      "  - partition: ring\nrun:\n  machines: 2\n",
      ["expected a ring on at least 3 machines (this run has 2)"],
    ],
    [
      "targets that pick no machine",
      "  - crash: []\n",
      ["faults[0].crash (in FILE): got []; expected at least one machine"],
    ],
    [
      "a negative duration",
      "  - pause: m1\n    at: -5\n",
      ["faults[0].at (in FILE): got -5; expected a duration"],
    ],
  ])("%s", async (name, entries, fragments) => {
    const file = configFile(`${name.replace(/\W+/g, "-")}.yaml`, `faults:\n${entries}`);
    await everyCommand(async (command) => {
      const logDir = emptyLogDir(`file-${command}-${name.replace(/\W+/g, "-")}`);
      const result = await runCli([command, "--config", file, "--log-dir", logDir]);
      expectRefused(result, ...fragments.map((fragment) => fragment.replace("FILE", file)));
      expectNothingRan(logDir);
    });
  });
});

describe("an experiment refuses a bad fault in any variation before running any", () => {
  it("names the file, the variation's path, the value and what was expected", async () => {
    const file = configFile(
      "faulty-experiment.yaml",
      [
        "name: faulty",
        "durationS: 20",
        "repeats: 1",
        "base:",
        "  faults: [{loss: 5%}]",
        "variations:",
        "  - name: fine",
        "  - name: two-partitions",
        "    set:",
        "      faults:",
        "        - {partition: [[m1], [m2, m3]], at: 5s, for: 10s}",
        "        - {partition: one, at: 10s, for: 2s}",
        "  - name: past-the-end",
        "    set:",
        "      faults: [{pause: m4, at: 25s}]",
        "",
      ].join("\n"),
    );
    const logDir = emptyLogDir("experiment");
    const result = await runCli(["experiment", file, "--log-dir", logDir]);
    expectRefused(
      result,
      `invalid experiment file ${file}; nothing was run`,
      `${file}: variations[1].set.faults[1]: partition from 10 s to 12 s overlaps faults[0]'s partition`,
      `${file}: variations[2].set.faults[0].pause: got "m4"; expected a machine of this run (m1, m2, m3)`,
      `${file}: variations[2].set.faults[0].at: got "25s"; expected a time before the run's end at 20 s`,
    );
    expectNothingRan(logDir);
  });

  it("a bad fault in base is named in base", async () => {
    const file = configFile(
      "faulty-base.yaml",
      [
        "name: faulty-base",
        "durationS: 20",
        "repeats: 1",
        "base:",
        "  faults: [{loss: 2}]",
        "variations:",
        "  - name: a",
        "",
      ].join("\n"),
    );
    expectRefused(
      await runCli(["experiment", file, "--log-dir", emptyLogDir("base")]),
      "base.faults[0].loss: got 2",
    );
  });
});

describe("good faults reach the run as written, and its schedule", () => {
  const faults = [
    { partition: [["m1"], ["m2", "m3"]], mode: "hold", at: "1s", for: "1s" },
    { clock: "m2", step: "-5000ms", at: 2 },
    { loss: "5%", links: ["m1>m2"] },
    { crash: "one", every: { exponential: "2s" }, for: { uniform: ["100ms", "200ms"] } },
  ];

  it("simulate records the faults of --fault and the file in run.json as written", async () => {
    const file = configFile("good.yaml", "faults:\n  - loss: 5%\n    links: [m1>m2]\n");
    const logDir = join(dir, "good-sim");
    const result = await runCli([
      "simulate",
      "--config",
      file,
      "--fault",
      "clock m2 step -5000ms at 2",
      "--duration",
      "3",
      "--seed",
      "3",
      "--name",
      "good",
      "--quiet",
      "--log-dir",
      logDir,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const info = JSON.parse(readFileSync(join(logDir, "good", "run.json"), "utf8")) as RunInfo;
    expect(info.config.faults).toEqual([faults[2], faults[1]]);
    // ...and the engine drew its schedule from them.
    expect(info.faults.map((w) => [w.kind, w.fromMs, w.toMs, w.targets])).toEqual([
      ["loss", 0, 3000, []],
      ["clock", 2000, 3000, ["m2"]],
    ]);
  });

  it("an experiment hands each run its variation's faults through JSON, unchanged", async () => {
    const file = configFile(
      "good-experiment.yaml",
      [
        "name: good-faults",
        "durationS: 3",
        "repeats: 1",
        "seed: 4",
        "variations:",
        "  - name: none",
        "  - name: faulty",
        "    set:",
        `      faults: ${JSON.stringify(faults)}`,
        "",
      ].join("\n"),
    );
    const logDir = join(dir, "good-experiment");
    const result = await runCli(["experiment", file, "--log-dir", logDir, "--parallel", "2"]);
    expect(result.code, result.stderr).toBe(0);
    const runJson = (variation: string) =>
      JSON.parse(readFileSync(join(logDir, "good-faults", variation, "1", "run.json"), "utf8")) as RunInfo;
    expect(runJson("none").config.faults).toEqual([]);
    expect(runJson("faulty").config.faults).toEqual(faults);
  });
});
