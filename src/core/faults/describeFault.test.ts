// Faults in one line of plain words: an entry as asked for, and one drawn occurrence.
import { describe, expect, it } from "vitest";
import { machineIds } from "../plan.ts";
import { describeFault, describeFaultWindow, formatMs, formatSeconds } from "./describeFault.ts";
import { faultEntries } from "./parseEntries.ts";
import { parseFaultShorthand } from "./parseShorthand.ts";

const IDS = machineIds(3);

/** `ids` null: describe without the run's ids. */
function described(text: string, ids: readonly string[] | null = IDS): string {
  const parsed = parseFaultShorthand(text);
  if (!parsed.ok) throw new Error(parsed.message);
  const { entries, problems } = faultEntries([parsed.spec], IDS, 60, "");
  expect(problems).toEqual([]);
  return describeFault(entries[0]!, ids ?? undefined);
}

describe("describeFault", () => {
  it.each([
    ["partition m1 | m2,m3 at 10s for 15s", "partition {m1} | {m2, m3} from 10 s for 15 s, messages dropped"],
    ["partition m1 at 10s for 15s", "partition {m1} | {m2, m3} from 10 s for 15 s, messages dropped"],
    [
      "partition m1 hold one-way at 10s",
      "partition {m1} -> {m2, m3} from 10 s to the end, messages held until it heals (one way)",
    ],
    [
      "partition one every 20s for 5s",
      "partition one machine (drawn) | the rest every 20 s for 5 s, messages dropped",
    ],
    [
      "partition ring",
      "ring partition (each machine reaches only its neighbours) for the whole run, messages dropped",
    ],
    ["clock m2 step -5000ms at 20s", "clock of m2 steps back 5 s at 20 s"],
    ["clock m2 step +500ms at 20s for 10s", "clock of m2 steps forward 500 ms at 20 s, and back at 30 s"],
    ["clock m1 drift +200ppm at 10s", "clock of m1 drifts +200 ppm more from 10 s to the end"],
    [
      "clock m3 strobe 50ms every 200ms at 5s for 10s",
      "clock of m3 strobes between +50 ms and -50 ms every 200 ms from 5 s for 10 s",
    ],
    [
      "clock m3 periodic 20ms every 10s",
      "clock of m3 swings by up to ±20 ms with a period of 10 s for the whole run",
    ],
    ["pause m3 at 30s for 5s", "pause of m3 from 30 s for 5 s, queue still filling"],
    [
      "pause majority at 0.5 for 0.25",
      "pause of a majority of the machines (drawn) from 500 ms for 250 ms, queue still filling",
    ],
    ["loss 5%", "loss of 5% of messages on every link for the whole run"],
    [
      "loss bursty 1% 30% 80%",
      "bursty loss (a link turns bad with 1% per message and good again with 30%; it loses 80% when bad, " +
        "0% when good) on every link for the whole run",
    ],
    ["latency exponential 20ms", "latency 20 ms on average (exponential) on every link for the whole run"],
    [
      "latency lognormal 20ms 0.5 m1<>m2",
      "latency lognormal, median 20 ms, sigma 0.5 on m1>m2, m2>m1 for the whole run",
    ],
    ["latency uniform 5ms 1.5s", "latency 5 ms to 1.5 s (uniform) on every link for the whole run"],
    ["latency pareto 10ms 1.5", "latency pareto, at least 10 ms, alpha 1.5 on every link for the whole run"],
    ["duplicate 1% m1>m2", "duplication of 1% of messages on m1>m2 for the whole run"],
    [
      "reorder 10% 50ms",
      "reordering: 10% of messages held back up to 50 ms on every link for the whole run (per-link FIFO given up)",
    ],
    ["slow m1>m2 200ms", "slow link, +200 ms on m1>m2 for the whole run"],
    [
      "crash m2 at 10s for 5s restart zero",
      "crash of m2 from 10 s for 5 s, restarted with its clocks from zero",
    ],
    ["crash m2 at 10s restart never", "crash of m2 from 10 s to the end, not restarted"],
    [
      "crash one every exponential 20s for uniform 2s 5s from 5s until 50s",
      "crash of one machine (drawn) every ~20 s (exponential) for 2 s to 5 s (uniform) from 5 s until 50 s, " +
        "restarted with its clocks from its log",
    ],
  ])("%s", (text, words) => {
    expect(described(text)).toBe(words);
  });

  it("calls a partition's unnamed machines the rest when the run's ids are not given", () => {
    expect(described("partition m1 at 10s for 15s", null)).toBe(
      "partition {m1} | the rest from 10 s for 15 s, messages dropped",
    );
    expect(described("partition m1 | m2 at 10s for 15s", null)).toBe(
      "partition {m1} | {m2} from 10 s for 15 s, messages dropped",
    );
  });
});

describe("describeFaultWindow", () => {
  it("names the drawn machines and times", () => {
    expect(
      describeFaultWindow({
        action: { kind: "partition", targets: { rule: "one" }, oneWay: false, mode: "drop" },
        fromMs: 12_345.6,
        toMs: 17_000,
        targets: ["m2"],
        groups: [["m2"], ["m1", "m3"]],
      }),
    ).toBe("partition {m2} | {m1, m3} from 12.346 s for 4.654 s, messages dropped");
    expect(
      describeFaultWindow({
        action: { kind: "crash", targets: { rule: "one" }, restart: "log" },
        fromMs: 3000,
        toMs: 5500,
        targets: ["m3"],
        groups: null,
      }),
    ).toBe("crash of m3 from 3 s for 2.5 s, restarted with its clocks from its log");
    expect(
      describeFaultWindow({
        action: { kind: "clock", targets: { ids: ["m1"] }, stepMs: -5000 },
        fromMs: 20_000,
        toMs: 60_000,
        targets: ["m1"],
        groups: null,
      }),
    ).toBe("clock of m1 steps back 5 s at 20 s, and back at 60 s");
  });
});

describe("units in words", () => {
  it("shows seconds and milliseconds as a reader would write them", () => {
    expect(formatSeconds(0.25)).toBe("250 ms");
    expect(formatSeconds(0)).toBe("0 s");
    expect(formatSeconds(90)).toBe("90 s");
    expect(formatMs(1500)).toBe("1.5 s");
    expect(formatMs(0.5)).toBe("0.5 ms");
  });
});
