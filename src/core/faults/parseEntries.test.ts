// Every way a `faults:` list is refused before a run starts, and what a good list resolves to.
import { describe, expect, it } from "vitest";
import { describeProblem } from "../config/describeProblem.ts";
import { displayPath } from "../config/keyPath.ts";
import { machineIds } from "../plan.ts";
import { describeIds, faultEntries } from "./parseEntries.ts";

const IDS = machineIds(3);

/** The problems of `faults` for a run of `ids` lasting `durationS`, one line each. */
function problems(faults: unknown[], ids = IDS, durationS = 60): string[] {
  return faultEntries(faults, ids, durationS, "f.yaml").problems.map((problem) =>
    describeProblem(problem, (paths) => `${displayPath(paths[0] ?? [])} (in f.yaml)`),
  );
}

function refusal(faults: unknown[], ids = IDS, durationS = 60): string {
  const lines = problems(faults, ids, durationS);
  expect(lines.length, JSON.stringify(faults)).toBeGreaterThan(0);
  return lines.join("\n");
}

describe("faultEntries resolves the entries as written", () => {
  it("the example of the docs", () => {
    const { entries, problems } = faultEntries(
      [
        { partition: [["m1"], ["m2", "m3"]], at: "10s", for: "15s", mode: "hold" },
        { clock: "m2", step: "-5000ms", at: "20s" },
        { pause: "m3", at: 30, for: "5s" },
        { loss: "5%" },
        { latency: { lognormal: "20ms", sigma: 0.5 }, links: ["m1>m2", "m2>m1"] },
        { crash: "one", every: { exponential: "20s" }, for: { uniform: ["2s", "5s"] }, restart: "log" },
      ],
      IDS,
      60,
      "exp.yaml",
    );
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      {
        action: { kind: "partition", groups: [["m1"], ["m2", "m3"]], oneWay: false, mode: "hold" },
        timing: { schedule: "once", atS: 10, forS: 15 },
        source: "faults[0] (in exp.yaml)",
      },
      {
        action: { kind: "clock", targets: { ids: ["m2"] }, stepMs: -5000 },
        timing: { schedule: "once", atS: 20, forS: null },
        source: "faults[1] (in exp.yaml)",
      },
      {
        action: { kind: "pause", targets: { ids: ["m3"] } },
        timing: { schedule: "once", atS: 30, forS: 5 },
        source: "faults[2] (in exp.yaml)",
      },
      {
        action: { kind: "loss", loss: { model: "bernoulli", probability: 0.05 }, links: { all: true } },
        timing: { schedule: "once", atS: 0, forS: null },
        source: "faults[3] (in exp.yaml)",
      },
      {
        action: {
          kind: "latency",
          latency: { distribution: "lognormal", medianMs: 20, sigma: 0.5 },
          links: {
            links: [
              { from: "m1", to: "m2" },
              { from: "m2", to: "m1" },
            ],
          },
        },
        timing: { schedule: "once", atS: 0, forS: null },
        source: "faults[4] (in exp.yaml)",
      },
      {
        action: { kind: "crash", targets: { rule: "one" }, restart: "log" },
        timing: {
          schedule: "every",
          every: { distribution: "exponential", meanS: 20 },
          for: { distribution: "uniform", minS: 2, maxS: 5 },
          startS: 0,
          untilS: null,
        },
        source: "faults[5] (in exp.yaml)",
      },
    ]);
  });

  it("names each entry's source as the caller says", () => {
    const { entries } = faultEntries([{ loss: 0.1 }, { pause: "m1" }], IDS, 60, (i) => `entry ${i}`);
    expect(entries.map((e) => e.source)).toEqual(["entry 0", "entry 1"]);
    expect(faultEntries([{ loss: 0.1 }], IDS, 60, "").entries[0]!.source).toBe("faults[0]");
  });

  it("takes the defaults: drop, every link, restart from the log, generators from 0 to the end", () => {
    const { entries } = faultEntries(
      [
        { partition: "m1" },
        { slow: "200ms", links: "m1<>m2" },
        { crash: "m2", at: 5, for: 2 },
        { pause: "m1", every: 10, for: 1 },
      ],
      IDS,
      60,
      "",
    );
    expect(entries.map((e) => e.action)).toEqual([
      { kind: "partition", groups: [["m1"]], oneWay: false, mode: "drop" },
      {
        kind: "slow-link",
        extraMs: 200,
        links: {
          links: [
            { from: "m1", to: "m2" },
            { from: "m2", to: "m1" },
          ],
        },
      },
      { kind: "crash", targets: { ids: ["m2"] }, restart: "log" },
      { kind: "pause", targets: { ids: ["m1"] } },
    ]);
    expect(entries[3]!.timing).toEqual({
      schedule: "every",
      every: { distribution: "constant", seconds: 10 },
      for: { distribution: "constant", seconds: 1 },
      startS: 0,
      untilS: null,
    });
  });

  it("lets partitions follow one another, and a generator partition run after a scheduled one", () => {
    expect(
      problems([
        { partition: "m1", at: 0, for: 10 },
        { partition: "m2", at: 10, for: 10 },
        { partition: "one", every: 5, for: 1, from: 20 },
      ]),
    ).toEqual([]);
  });
});

describe("refused: the entry's form", () => {
  it("an unknown kind, with the nearest kind", () => {
    expect(refusal([{ partiton: "one", at: 10 }])).toBe(
      "faults[0].partiton (in f.yaml): unknown key; expected one of partition, latency, loss, duplicate, reorder, " +
        "slow, clock, pause, crash, mode, oneWay, links, maxDelay, step, drift, strobe, periodic, restart, " +
        'at, every, for, from, until under faults[0]; did you mean partition? (value "one")',
    );
    expect(refusal([{ crsh: "m1" }])).toContain("did you mean crash?");
  });

  it("no kind, or two", () => {
    expect(refusal([{ at: 10 }])).toContain(
      'faults[0] (in f.yaml): got {"at":10}; expected one kind of fault per entry: a key partition, latency,',
    );
    expect(refusal([{ loss: 0.1, latency: "5ms" }])).toContain(
      "got loss and latency (write one entry for each)",
    );
    expect(refusal(["loss 5%"])).toContain(
      'faults[0] (in f.yaml): got "loss 5%"; expected a mapping with one kind key',
    );
  });

  it("a key the kind does not take", () => {
    expect(refusal([{ loss: 0.1, mode: "hold" }])).toBe(
      'faults[0].mode (in f.yaml): got "hold"; expected it left out: mode is for partition faults; a loss fault ' +
        "takes links and the timing keys at, every, for, from and until",
    );
    expect(refusal([{ pause: "m1", links: "m1>m2" }])).toContain(
      "links is for latency, loss, duplicate, reorder and slow faults",
    );
  });

  it("a probability outside [0, 1]", () => {
    for (const entry of [
      { loss: 1.5 },
      { loss: "150%" },
      { duplicate: -0.1 },
      { reorder: "101%", maxDelay: "5ms" },
      { loss: { bursty: { toBad: 2, toGood: 0.3, lossWhenBad: 0.8 } } },
    ]) {
      expect(refusal([entry])).toContain("expected a probability from 0 to 1");
    }
    expect(refusal([{ loss: { bursty: { toBad: 2, toGood: 0.3, lossWhenBad: 0.8 } } }])).toContain(
      "faults[0].loss.bursty.toBad (in f.yaml): got 2",
    );
  });

  it("a clock fault with none or two of step, drift, strobe, periodic", () => {
    expect(refusal([{ clock: "m1", at: 5 }])).toContain(
      "expected a clock fault with exactly one of step, drift, strobe or periodic (got none)",
    );
    expect(refusal([{ clock: "m1", step: "1s", drift: 20 }])).toContain("(got step and drift)");
    expect(
      refusal([
        {
          clock: "m1",
          strobe: { amplitude: "5ms", period: "1s" },
          periodic: { amplitude: "5ms", period: "1s" },
        },
      ]),
    ).toContain("(got strobe and periodic)");
    expect(refusal([{ clock: "m1", drift: "2000000ppm" }])).toContain(
      "a drift from -1000000ppm to +1000000ppm",
    );
    expect(refusal([{ clock: "m1", step: "soon" }])).toContain('faults[0].step (in f.yaml): got "soon"');
  });

  it("negative durations", () => {
    expect(refusal([{ pause: "m1", at: -5 }])).toContain(
      "faults[0].at (in f.yaml): got -5; expected a duration",
    );
    expect(refusal([{ pause: "m1", for: "-5s" }])).toContain('faults[0].for (in f.yaml): got "-5s"');
    expect(refusal([{ latency: "-20ms" }])).toContain("faults[0].latency (in f.yaml)");
    expect(refusal([{ reorder: 0.1, maxDelay: "-1ms" }])).toContain("faults[0].maxDelay (in f.yaml)");
    expect(refusal([{ pause: "m1", every: { uniform: ["-1s", "2s"] }, for: 1 }])).toContain(
      "faults[0].every.uniform[0] (in f.yaml)",
    );
  });

  it("targets that pick no machine", () => {
    expect(refusal([{ pause: [] }])).toContain(
      "faults[0].pause (in f.yaml): got []; expected at least one machine",
    );
    expect(refusal([{ partition: [["m1"], []] }])).toContain("faults[0].partition[1] (in f.yaml): got []");
    expect(refusal([{ partition: "all" }])).toContain("all puts every machine in one group");
    expect(refusal([{ partition: [["m1", "m2", "m3"]] }])).toContain(
      "expected at least two groups; these hold every machine of the run (m1, m2, m3)",
    );
    expect(refusal([{ partition: "majority" }], machineIds(2))).toContain(
      "expected a rule that leaves machines on both sides; it picks all 2 machines",
    );
    expect(refusal([{ partition: "m1 | m1,m2" }])).toContain("each machine in one group only; m1 is in two");
    expect(refusal([{ loss: 0.1, links: "m1>m1" }])).toContain(
      "links between two different machines (got m1>m1)",
    );
  });

  it("generator and timing keys that do not go together", () => {
    expect(refusal([{ pause: "m1", every: 10 }])).toContain(
      "faults[0].for (in f.yaml): got nothing; expected how long",
    );
    expect(refusal([{ pause: "m1", every: 10, for: 1, at: 5 }])).toContain("faults[0].at (in f.yaml)");
    expect(refusal([{ pause: "m1", from: 5 }])).toContain("from is for generators");
    expect(refusal([{ pause: "m1", at: 5, for: { uniform: [1, 2] } }])).toContain("a drawn for needs every");
    expect(refusal([{ pause: "m1", every: 0, for: 1 }])).toContain(
      "faults[0].every (in f.yaml): got 0; expected a duration above 0",
    );
    expect(refusal([{ pause: "m1", at: 5, for: 0 }])).toContain("a duration above 0 (leave out for");
    expect(refusal([{ pause: "m1", every: 5, for: 1, from: 10, until: 10 }])).toContain(
      "a time after from (10 s)",
    );
    expect(refusal([{ crash: "m1", at: 5, for: 5, restart: "never" }])).toContain(
      "faults[0].restart (in f.yaml)",
    );
    expect(refusal([{ reorder: 0.1 }])).toContain("faults[0].maxDelay (in f.yaml): got nothing");
    expect(refusal([{ slow: "200ms" }])).toContain(
      "faults[0].links (in f.yaml): got nothing; expected the links to slow down",
    );
    expect(refusal([{ partition: "ring", oneWay: true }])).toContain("faults[0].oneWay (in f.yaml)");
    expect(refusal([{ partition: "m1", mode: "queue" }])).toContain('expected one of "drop", "hold"');
  });
});

describe("refused: the entry against the run", () => {
  it("an unknown machine, with did-you-mean where one is close", () => {
    expect(refusal([{ pause: "M2" }])).toBe(
      'faults[0].pause (in f.yaml): got "M2"; expected a machine of this run (m1, m2, m3); did you mean m2?',
    );
    // m9 is another machine, not a typo of m1.
    expect(refusal([{ pause: "m9" }])).toBe(
      'faults[0].pause (in f.yaml): got "m9"; expected a machine of this run (m1, m2, m3)',
    );
    expect(refusal([{ partition: [["m1"], ["m2", "mm3"]] }])).toContain('got "mm3"');
    expect(refusal([{ loss: 0.1, links: ["m1>m4"] }])).toContain('faults[0].links (in f.yaml): got "m4"');
    expect(refusal([{ clock: ["m1", "n2"], step: 1 }])).toContain("did you mean m2?");
    expect(refusal([{ pause: "m12" }], machineIds(10))).toContain(
      "expected a machine of this run (m1 to m10)",
    );
  });

  it("a window past the run's end", () => {
    expect(refusal([{ pause: "m1", at: 50, for: 20 }])).toBe(
      "faults[0].for (in f.yaml): got 20; expected at most 10 s, so that the window from 50 s ends by the " +
        "run's end at 60 s (run.durationS)",
    );
    expect(refusal([{ pause: "m1", at: "60s" }])).toContain(
      'faults[0].at (in f.yaml): got "60s"; expected a time before the run\'s end at 60 s',
    );
    expect(refusal([{ loss: 0.1, for: "2m" }])).toContain("faults[0].for (in f.yaml)");
    expect(refusal([{ pause: "m1", every: 5, for: 1, from: "1m" }])).toContain("faults[0].from (in f.yaml)");
    expect(refusal([{ pause: "m1", every: 5, for: 1, until: 61 }])).toContain("faults[0].until (in f.yaml)");
    expect(problems([{ pause: "m1", at: 50, for: 10 }])).toEqual([]);
  });

  it("a ring on fewer than 3 machines", () => {
    expect(refusal([{ partition: "ring" }], machineIds(2))).toBe(
      'faults[0].partition (in f.yaml): got "ring"; expected a ring on at least 3 machines (this run has 2)',
    );
    expect(problems([{ partition: "ring" }])).toEqual([]);
  });

  it("two partitions in force at once, the later blamed and the earlier named", () => {
    expect(
      refusal([
        { partition: "m1", at: 10, for: 15 },
        { partition: [["m1", "m2"], ["m3"]], at: 20, for: 5 },
      ]),
    ).toBe(
      "faults[1] (in f.yaml): partition from 20 s to 25 s overlaps faults[0]'s partition from 10 s to 25 s; " +
        "expected one partition at a time (write every group in one entry, or move one window)",
    );
    // A partition to the end overlaps any later one; a generator's draws may fall anywhere in its span.
    expect(refusal([{ partition: "m1" }, { partition: "m2", at: 50, for: 1 }])).toContain("faults[1]");
    expect(
      refusal([
        { partition: "one", every: { exponential: 10 }, for: 2 },
        { partition: "m2", at: 50, for: 1 },
      ]),
    ).toContain("faults[0]'s partition drawn between 0 s and 60 s");
    expect(
      problems([
        { partition: "one", every: 5, for: { uniform: [1, 2] }, until: 20 },
        { partition: "m2", at: 27, for: 1 },
      ]),
    ).toEqual([]);
  });
});

describe("describeIds", () => {
  it("says m1 to mN for the default ids, and lists few others", () => {
    expect(describeIds(machineIds(3))).toBe("m1, m2, m3");
    expect(describeIds(machineIds(1000))).toBe("m1 to m1000");
    expect(describeIds(["a", "b"])).toBe("a, b");
    expect(describeIds(["a", "b", "c", "d", "e", "f", "g", "h", "i"])).toBe("a, b, c, d, ..., i");
  });
});
