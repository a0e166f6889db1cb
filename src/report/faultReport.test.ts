// report.html around faults, on the small constructed runs whose timelines test/analysis/faultRuns.ts
// works out by hand: the Faults section's words and phase table, a fault mark on every time chart and
// in the space-time diagram, and the downloads holding exactly the numbers behind them.
import { describe, expect, it } from "vitest";
import { clockStepRun, crashRun, partitionRun, pauseRun } from "../../test/analysis/faultRuns.ts";
import { makeRunDir, twoMachineRun } from "../../test/analysis/runDirs.ts";
import { chartsWithFaultMarks, downloaded, reportDocument } from "../../test/helpers/reportNumbers.ts";
import { expectOnlyTheHashedScript } from "../../test/helpers/reportPage.ts";
import { analyzeRun } from "../analysis/index.ts";
import { writeHtmlReport } from "./index.ts";

async function report(files: ReturnType<typeof partitionRun>) {
  const dir = makeRunDir(files);
  const path = await writeHtmlReport(dir, await analyzeRun(dir));
  return reportDocument(path);
}

const text = (node: { textContent: string | null } | null) => node?.textContent ?? "";

describe("the report of a run with a partition", () => {
  it("says what the partition did, in numbers worked out by hand", async () => {
    const document = await report(partitionRun());
    const article = document.querySelector("#faults article#fault-f1")!;
    expect(text(article.querySelector("h3"))).toContain("f1 partition");
    expect(text(article.querySelector("p"))).toBe(
      "During the 2 s partition f1 ({m1} | {m2}) the spread between them grew from 1 to 5 (at most 1 in " +
        "the seconds before). It dropped 1 delivery. 0.50 s after the heal it was back to 1. m1's first " +
        "receive from across after the heal (from m2, 0.50 s after the heal) jumped +7. No machine of {m2} " +
        "received a message from across after the heal.",
    );
    // The phase table: before [0, 2) s, during [2, 4) s, after [4, 5.5] s (the run's last event).
    const rows = [...article.querySelectorAll("table.phases tbody tr")].map((tr) =>
      [...tr.querySelectorAll("td")].map((td) => td.textContent),
    );
    expect(rows).toEqual([
      ["2.00", "4.00", "2.67"],
      ["1", "0", "1"],
      ["0", "1", "0"],
      ["0", "1", "0"],
      ["500.0 ms", "–", "300.0 ms"],
      ["1", "5", "6"],
    ]);
    expect(text(document.querySelector("#observations"))).toContain(
      "The run had 1 fault window (f1 partition)",
    );
  });

  it("marks the window on every time chart and in the space-time diagram", async () => {
    const document = await report(partitionRun());
    expect(chartsWithFaultMarks(document).sort()).toEqual(
      ["hlc", "hlc-logical", "lag", "lamport", "queue", "space-time", "spread", "timeline"].sort(),
    );
    // Labelled with its id and kind on the charts, and in the diagram (which opens on it).
    for (const chart of ["lamport", "spread", "timeline"])
      expect(text(document.querySelector(`[data-chart="${chart}"] g.fault-label text`))).toBe("f1 partition");
    const mark = document.querySelector('[data-chart="space-time"] g.fault[data-fault="f1"]')!;
    expect(text(mark.querySelector("text"))).toBe("f1 partition");
    expect(text(document.querySelector("#space-time .note"))).toContain("It was chosen to show fault f1");
  });

  it("downloads the fault's windows, phases and measures with the exact numbers", async () => {
    const document = await report(partitionRun());
    const windows = downloaded(document, "fault-windows");
    expect(windows.csv).toEqual([
      ["fault", "kind", "fromMs", "toMs", "startS", "endS", "targets", "groups", "source", "description"],
      ["f1", "partition", "2000", "4000", "2", "4", "m1", "m1 | m2", "faults[0]", windows.csv[1]![9]!],
    ]);
    const phases = downloaded(document, "fault-phases");
    expect(phases.csv).toEqual([
      [
        "fault",
        "phase",
        "fromS",
        "toS",
        "durationS",
        "events",
        "eventsPerSecond",
        "receives",
        "drops",
        "queueMax",
        "transitMsMean",
        "spreadMax",
        "dropsByReason",
      ],
      ["f1", "before", "0", "2", "2", "4", "2", "1", "0", "0", "500", "1", ""],
      ["f1", "during", "2", "4", "2", "8", "4", "0", "1", "1", "", "5", "partition=1"],
      ["f1", "after", "4", "5.5", "1.5", "4", String(4 / 1.5), "1", "0", "0", "300", "6", ""],
    ]);
    expect(phases.json.columns).toEqual(phases.csv[0]);
    expect(phases.json.rows[1]).toEqual(["f1", "during", 2, 4, 2, 8, 4, 0, 1, 1, null, 5, "partition=1"]);
    const measures = downloaded(document, "fault-measures").csv.slice(1);
    const measure = (subject: string, name: string) =>
      measures.find((r) => r[2] === subject && r[3] === name)?.[4];
    expect(measure("", "spreadBefore")).toBe("1");
    expect(measure("", "spreadPeak")).toBe("5");
    expect(measure("", "spreadPeakAtS")).toBe("3");
    expect(measure("", "recoveryMs")).toBe("500");
    expect(measure("side m1", "machine")).toBe("m1");
    expect(measure("side m1", "jump")).toBe("7");
    expect(measure("side m1", "atS")).toBe("4.5");
    expect(measure("side m2", "machine")).toBe("");
  });

  it("downloads the numbers behind the time charts, with the grid and the shaded window", async () => {
    const document = await report(partitionRun());
    const lamport = downloaded(document, "lamport");
    expect(lamport.csv[0]).toEqual(["series", "machine", "tS", "value"]);
    // The last event at 5.5 s: 512 bins of 16 ms (8 ms would need 688). m1's receive at 4.5 s is in
    // bin 281 (middle 4.504 s) with Lamport 11; m2's first event at 0.5 s in bin 31 (0.504 s).
    expect(lamport.json.binWidthMs).toBe(16);
    expect(lamport.csv).toContainEqual(["machine", "m1", "4.504", "11"]);
    expect(lamport.csv).toContainEqual(["machine", "m2", "0.504", "1"]);
    expect(lamport.csv.filter((r) => r[1] === "m1")).toHaveLength(6);
    expect(lamport.json.faultWindows).toEqual([
      { id: "f1", kind: "partition", startS: 2, endS: 4, fromMs: 2000, toMs: 4000, targets: ["m1"] },
    ]);
    // The spread's one-second samples (0 s: 1, 1 s: 1, 2 s: 2, 3 s: 5, 4 s: 5, 5 s: 0), each in its
    // bin: 1000 ms is 62.5 bins in, so bin 62, whose middle is 62.5 × 16 ms = 1 s; 2000 ms is bin 125
    // (middle 2.008 s).
    expect(downloaded(document, "spread").csv.slice(1)).toEqual([
      ["0.008", "1"],
      ["1", "1"],
      ["2.008", "2"],
      ["3", "5"],
      ["4.008", "5"],
      ["5", "0"],
    ]);
    const diagram = downloaded(document, "space-time");
    expect(diagram.csv).toContainEqual([
      "m1",
      "5",
      "RECEIVE",
      "4.5",
      "11",
      "7",
      "0",
      "m2:9",
      "m2",
      "",
      "jump",
    ]);
  });
});

describe("the report of runs with other faults", () => {
  it("a clock step back: the hybrid clock held its wall and counted", async () => {
    const document = await report(clockStepRun());
    expect(text(document.querySelector("#fault-f1 p"))).toBe(
      "Clock fault f1 (clock of {m1} steps -5000 ms; 2 s to 10 s into the run): m1's hybrid clock (HLC) ran " +
        "up to 4,900 ms ahead of m1's own clock (at most 0 ms before): it held its wall time and counted " +
        "logical ticks, up to 2, and was never more than 5,000.0 ms from true time. It caught up with its " +
        "own clock 7.00 s after it first ran ahead.",
    );
    expect(chartsWithFaultMarks(document)).toContain("hlc");
  });

  it("a pause: the queue it found and how long it took to drain", async () => {
    const document = await report(pauseRun());
    expect(text(document.querySelector("#fault-f1 p"))).toBe(
      "During the 2 s pause f1 m2 did not tick while its queue kept filling: it found 4 messages when it " +
        "resumed (at most 1 in the seconds before), and took 1.00 s after the pause to drain back to 1.",
    );
    const timeline = downloaded(document, "timeline").csv;
    expect(timeline).toContainEqual(["m2", "paused", "2", "4", "paused (f1)"]);
  });

  it("a crash: down time, the lost queue and the catch-up jump apart from ordinary jumps", async () => {
    const document = await report(crashRun());
    expect(text(document.querySelector("#fault-f1 p"))).toBe(
      "m2 crashed in f1 (crash {m2}, restart with clocks from zero; 2 s to 4 s into the run) and was down " +
        "2.20 s (its last event at 1.80 s), back at 4.00 s. 1 delivery routed to it was lost with its queue. " +
        "It restarted with Lamport 1 (4 before the crash). Its first receive after the restart (from m1) was " +
        "a catch-up jump of +4: it learned at once what it had missed. It is counted apart from its ordinary " +
        "jumps (largest ordinary jump +2).",
    );
    expect(downloaded(document, "timeline").csv).toContainEqual(["m2", "down", "1.8", "4", "down 2.20 s"]);
    const diagram = downloaded(document, "space-time").csv;
    expect(diagram).toContainEqual(["m2", "4", "INTERNAL", "4", "1", "-3", "0", "", "", "", "restart"]);
    expect(diagram).toContainEqual([
      "m2",
      "6",
      "RECEIVE",
      "5.5",
      "6",
      "4",
      "0",
      "m1:4",
      "m1",
      "",
      "catch-up",
    ]);
    // The catch-up jump is not in the jump histogram's numbers.
    expect(downloaded(document, "jumps").csv.filter((r) => r[0] === "m2")).toEqual([["m2", "2", "1"]]);
  });
});

describe("the report of a run without faults", () => {
  it("has no Faults section and no marks, and still downloads every chart's numbers", async () => {
    const dir = makeRunDir(twoMachineRun());
    const path = await writeHtmlReport(dir, await analyzeRun(dir));
    const document = reportDocument(path);
    expect(document.querySelector("#faults")).toBeNull();
    expect(chartsWithFaultMarks(document)).toEqual([]);
    for (const chart of [
      "lamport",
      "lag",
      "queue",
      "jumps",
      "spread",
      "hlc",
      "hlc-logical",
      "speeds",
      "space-time",
    ]) {
      const numbers = downloaded(document, chart);
      expect(numbers.csv.length, chart).toBeGreaterThan(1);
      expect(numbers.json.columns).toEqual(numbers.csv[0]);
      expect(numbers.json.rows.length).toBe(numbers.csv.length - 1);
    }
    expectOnlyTheHashedScript(await import("node:fs").then((fs) => fs.readFileSync(path, "utf8")));
  });
});
