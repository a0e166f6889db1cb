// The report of a seeded simulation with faults (given as --fault on the real CLI), checked by an
// independent recount from the raw logs (test/helpers/runRecount.ts): the fault windows against
// router.jsonl's fault lines, every phase's numbers, the binned series behind the time charts and
// the spread samples, the partition's heal jump, the pause's queue and the crash's down time. The
// report must also mark every fault on every time chart and in the space-time diagram.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import {
  chartsWithFaultMarks,
  downloaded,
  type ReportDocument,
  reportDocument,
} from "./helpers/reportNumbers.ts";
import { expectOnlyTheHashedScript } from "./helpers/reportPage.ts";
import { machineBins, type RawRun, readRawRun, recountPhases, spreadBins } from "./helpers/runRecount.ts";

const FAULTS = [
  "partition m1 | m2,m3 at 6s for 5s",
  "clock m2 step -3000ms at 13s for 4s",
  "pause m3 at 19s for 3s",
  "crash m1 at 24s for 2s",
];

let logDir: string;
let runDir: string;
let raw: RawRun;
let document: ReportDocument;

beforeAll(async () => {
  logDir = mkdtempSync(join(tmpdir(), "clocklab-report-faults-"));
  const args = ["simulate", "--machines", "3", "--duration", "30", "--seed", "11", "--speeds", "3,4,5"];
  const result = await runCli([
    ...args,
    ...FAULTS.flatMap((f) => ["--fault", f]),
    "--quiet",
    "--yes",
    "--name",
    "r",
    "--log-dir",
    logDir,
  ]);
  expect(result.code, result.stderr).toBe(0);
  runDir = join(logDir, "r");
  raw = readRawRun(runDir);
  document = reportDocument(join(runDir, "report.html"));
}, 60_000);
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

const numbers = (rows: string[][]) =>
  rows.slice(1).map((r) => r.map((c) => (c === "" ? null : Number.isNaN(Number(c)) ? c : Number(c))));

describe("the report of a simulation with a partition, a clock step, a pause and a crash", () => {
  it("places each window where router.jsonl's fault lines say it began and ended", () => {
    const lines = raw.router.filter((l) => l.type === "fault");
    const windows = numbers(downloaded(document, "fault-windows").csv);
    expect(windows.map((w) => w.slice(0, 4))).toEqual(
      raw.faults.map((f) => {
        const at = (phase: string) =>
          (lines.find((l) => l.fault === f.id && l.phase === phase)!.at as number) - raw.t0;
        return [f.id, f.kind, at("start"), at("end")];
      }),
    );
    expect(windows.map((w) => w[1])).toEqual(["partition", "clock", "pause", "crash"]);
  });

  it("has every phase's numbers as a recount of the logs finds them", () => {
    const rows = downloaded(document, "fault-phases").json.rows as Array<Array<number | string | null>>;
    for (const fault of raw.faults) {
      const recounted = recountPhases(raw, fault);
      for (const phase of ["before", "during", "after"] as const) {
        const row = rows.find((r) => r[0] === fault.id && r[1] === phase)!;
        const [
          ,
          ,
          fromS,
          toS,
          durationS,
          events,
          eventsPerSecond,
          receives,
          drops,
          queueMax,
          transit,
          spreadMax,
        ] = row;
        const r = recounted[phase];
        const where = `${fault.id} ${phase}`;
        expect({ fromS, toS, durationS, events, receives, drops, queueMax, spreadMax }, where).toEqual({
          fromS: r.fromS,
          toS: r.toS,
          durationS: r.durationS,
          events: r.events,
          receives: r.receives,
          drops: r.drops,
          queueMax: r.queueMax,
          spreadMax: r.spreadMax,
        });
        expect(eventsPerSecond, where).toBeCloseTo(r.eventsPerSecond!, 9);
        if (r.transitMsMean === null) expect(transit, where).toBeNull();
        else expect(transit as number, where).toBeCloseTo(r.transitMsMean, 9);
      }
    }
    // The partition dropped messages, and only while it lasted.
    const partition = rows.filter((r) => r[0] === "f1");
    expect(partition.map((r) => r[8])).toEqual([0, recountPhases(raw, raw.faults[0]!).during.drops, 0]);
    expect(partition[1]![8] as number).toBeGreaterThan(0);
  });

  it("draws the time charts from the binned values the logs give", () => {
    const series = (table: string) =>
      numbers(downloaded(document, table).csv).map(([, machine, tS, value]) => [machine, tS, value]);
    const lamport = machineBins(raw, (e) => e.lamport, "last");
    expect(lamport.length).toBeGreaterThan(100);
    expect(series("lamport")).toEqual(lamport);
    expect(series("queue")).toEqual(machineBins(raw, (e) => e.queueLength, "max"));
    const hlc = (e: { systemTime: number }) =>
      (e as unknown as { hlc: { wall: number } }).hlc.wall - Math.floor(e.systemTime);
    expect(series("hlc")).toEqual(machineBins(raw, hlc, "max"));
    expect(numbers(downloaded(document, "spread").csv)).toEqual(spreadBins(raw));
  });

  it("measures the heal's jump, the pause's queue and the crash's down time as the logs show them", () => {
    const measures = numbers(downloaded(document, "fault-measures").csv);
    const measure = (fault: string, subject: string, name: string) =>
      measures.find((r) => r[0] === fault && r[2] === subject && r[3] === name)?.[4];
    const events = (machine: string) => raw.events.filter((e) => e.machine === machine);
    const at = (ms: number) => raw.t0 + ms;
    const [partition, , pause, crash] = raw.faults;

    // m1's first receive from across (m2 or m3) after the heal, and its Lamport step.
    const m1 = events("m1");
    const heal = m1.findIndex((e) => e.trueTime >= at(partition!.toMs) && e.type === "RECEIVE");
    expect(measure("f1", "side m1", "from")).toBe(m1[heal]!.message!.from);
    expect(measure("f1", "side m1", "jump")).toBe(m1[heal]!.lamport - m1[heal - 1]!.lamport);

    // m3's first event after the pause: its queue then (plus the message a RECEIVE took).
    const resumed = events("m3").find((e) => e.trueTime >= at(pause!.toMs))!;
    expect(measure("f3", "machines m3", "queueAtResume")).toBe(
      resumed.queueLength + (resumed.type === "RECEIVE" ? 1 : 0),
    );

    // m1 was down from its last event before the crash to its first after the restart.
    const before = m1.filter((e) => e.trueTime < at(crash!.fromMs)).at(-1)!;
    const back = m1.find((e) => e.trueTime >= at(crash!.fromMs))!;
    expect(measure("f4", "machines m1", "downMs")).toBe(back.trueTime - before.trueTime);
    expect(measure("f4", "machines m1", "lamportBefore")).toBe(before.lamport);
    // The narrative says the same numbers in words.
    const words = document.querySelector("#fault-f3 p")!.textContent!;
    expect(words).toContain(`it found ${resumed.queueLength + (resumed.type === "RECEIVE" ? 1 : 0)} message`);
  });

  it("marks every fault on every time chart and in the space-time diagram, labelled by id and kind", () => {
    expect(chartsWithFaultMarks(document).sort()).toEqual(
      ["hlc", "hlc-logical", "lag", "lamport", "queue", "space-time", "spread", "timeline"].sort(),
    );
    for (const chart of ["lamport", "lag", "queue", "spread", "hlc", "hlc-logical", "timeline"]) {
      const labels = [...document.querySelectorAll(`[data-chart="${chart}"] g.fault-label text`)].map(
        (t) => t.textContent,
      );
      expect(labels.sort(), chart).toEqual(["f1 partition", "f2 clock", "f3 pause", "f4 crash"]);
      expect(downloaded(document, chart).json.faultWindows, chart).toHaveLength(4);
    }
    // The diagram opens on the partition and shows its window.
    expect(document.querySelector('[data-chart="space-time"] g.fault[data-fault="f1"]')).not.toBeNull();
    for (const id of ["f1", "f2", "f3", "f4"])
      expect(document.querySelector(`#faults article#fault-${id}`)).not.toBeNull();
    expectOnlyTheHashedScript(readFileSync(join(runDir, "report.html"), "utf8"));
  });

  it("puts every fault in analyze --json, and the same numbers as the report", async () => {
    const result = await runCli(["analyze", runDir, "--json", "--no-report"]);
    const json = JSON.parse(result.stdout) as {
      faults: Array<{ id: string; phases: { during: { events: number } } }>;
    };
    expect(json.faults.map((f) => f.id)).toEqual(["f1", "f2", "f3", "f4"]);
    const rows = downloaded(document, "fault-phases").json.rows as Array<Array<unknown>>;
    for (const f of json.faults)
      expect(rows.find((r) => r[0] === f.id && r[1] === "during")![5]).toBe(f.phases.during.events);
  });
});

describe("a simulation without faults", () => {
  it("keeps analyze --json as it was: no faults key, the same keys in the same order", async () => {
    const args = ["simulate", "--machines", "3", "--duration", "5", "--seed", "11", "--quiet", "--yes"];
    const made = await runCli([...args, "--name", "plain", "--log-dir", logDir]);
    expect(made.code, made.stderr).toBe(0);
    const result = await runCli(["analyze", join(logDir, "plain"), "--json", "--no-report"]);
    expect(Object.keys(JSON.parse(result.stdout))).toEqual([
      "runDir",
      "format",
      "machines",
      "run",
      "truncatedFiles",
      "warnings",
      "report",
    ]);
  });
});
