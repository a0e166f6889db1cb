// `clocklab analyze` and `clocklab export` through a tiny local program (as the main CLI wires
// them): the metrics' JSON names (docs/analyze.md), the report path, and UserError for a non-run.
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "@commander-js/extra-typings";
import { describe, expect, it } from "vitest";
import { makeRunDir, twoMachineRun } from "../../../test/analysis/runDirs.ts";
import { UserError } from "../../core/userError.ts";
import { addAnalyzeCommand } from "../commands/analyze.ts";
import { addExportCommand } from "../commands/export.ts";
import { runAnalyze } from "./analyze.ts";
import { runExport } from "./export.ts";

function capture() {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    output: {
      stdout: (t: string) => {
        out.stdout += t;
      },
      stderr: (t: string) => {
        out.stderr += t;
      },
    },
  };
}

describe("clocklab analyze", () => {
  it("prints every metric by its documented name under --json and writes report.html", async () => {
    const dir = makeRunDir(twoMachineRun());
    const { out, output } = capture();
    await runAnalyze([dir], { json: true, report: true }, output);
    const json = JSON.parse(out.stdout);
    expect(Object.keys(json.machines.m1).sort()).toEqual(
      [
        "events",
        "sends",
        "receives",
        "internals",
        "durationS",
        "ticksPerSecond",
        "lamportFinal",
        "jumpMax",
        "jumpMean",
        "jumpP99",
        "jumpsOver1",
        "queueMax",
        "queueMean",
        "transitMsMean",
        "transitMsMax",
        // Hybrid clock metrics, beside the Lamport ones.
        "hlcAheadMsMax",
        "hlcAheadMsMean",
        "hlcLogicalMax",
      ].sort(),
    );
    expect(Object.keys(json.run).sort()).toEqual([
      "causalityViolations",
      "delivered",
      "dropped",
      "duplicates",
      "inFlight",
      "lost",
      "queued",
      "sent",
      "spreadFinal",
      "spreadMax",
      "undelivered",
    ]);
    expect(json.report).toBe(`${dir}/report.html`);
    expect(existsSync(`${dir}/report.html`)).toBe(true);
  });

  it("prints the summary table and the report path, and an array for several runs under --json", async () => {
    const a = makeRunDir(twoMachineRun());
    const b = makeRunDir(twoMachineRun());
    const table = capture();
    await runAnalyze([a], { report: true, windowStart: "1", windowLength: "5" }, table.output);
    expect(table.out.stdout).toContain("machine  ticks/s");
    expect(table.out.stdout).toContain(`report: ${a}/report.html`);
    const json = capture();
    await runAnalyze([a, b], { json: true, report: false }, json.output);
    expect(JSON.parse(json.out.stdout)).toHaveLength(2);
  });

  it("refuses a directory that is not a run and bad window flags with a UserError", async () => {
    const { output } = capture();
    await expect(runAnalyze([makeRunDir({ "x.txt": "" })], {}, output)).rejects.toThrow(UserError);
    await expect(runAnalyze([makeRunDir(twoMachineRun())], { windowLength: "abc" }, output)).rejects.toThrow(
      /--window-length abc/,
    );
  });

  it("is wired as a commander subcommand", async () => {
    const program = new Command("clocklab").exitOverride();
    addAnalyzeCommand(program);
    addExportCommand(program);
    const dir = makeRunDir(twoMachineRun());
    await program
      .parseAsync(["node", "clocklab", "analyze", dir, "--no-report", "--json"])
      .catch(() => undefined);
    expect(existsSync(`${dir}/report.html`)).toBe(false);
  });
});

describe("clocklab analyze on a directory of runs", () => {
  /** logs/ with runs "old" and "new" (by run.json's createdAt, not by name) and a stray file. */
  function logsDir(): string {
    const run = (createdAt: string) => {
      const files = twoMachineRun();
      const info = JSON.parse(files["run.json"] as string) as Record<string, unknown>;
      return { ...files, "run.json": `${JSON.stringify({ ...info, createdAt })}\n` };
    };
    const logs = makeRunDir({ "notes.txt": "not a run" });
    for (const [name, createdAt] of [
      ["b-old", "2025-01-01T10:00:00Z"],
      ["a-new", "2025-03-01T10:00:00Z"],
    ] as const) {
      mkdirSync(join(logs, name));
      for (const [file, content] of Object.entries(run(createdAt))) {
        const text =
          typeof content === "string"
            ? content
            : (content as object[]).map((l) => `${JSON.stringify(l)}\n`).join("");
        writeFileSync(join(logs, name, file), text);
      }
    }
    mkdirSync(join(logs, "empty-dir"));
    return logs;
  }

  it("analyses the newest run and says so", async () => {
    const logs = logsDir();
    const { out, output } = capture();
    const analyses = await runAnalyze([logs], { report: false }, output);
    expect(analyses.map((a) => a.runDir)).toEqual([join(logs, "a-new")]);
    expect(out.stderr).toContain(`${logs}: analysing the newest of its 2 runs, a-new (--all for every run)`);
    expect(out.stdout).toContain(`Run ${join(logs, "a-new")}`);
  });

  it("--all analyses every run, oldest first, and prints one table across them", async () => {
    const logs = logsDir();
    const { out, output } = capture();
    const analyses = await runAnalyze([logs], { report: true, all: true }, output);
    expect(analyses.map((a) => a.runDir)).toEqual([join(logs, "b-old"), join(logs, "a-new")]);
    const lines = out.stdout.split("\n");
    const header = lines.findIndex((l) => l.startsWith("run "));
    expect(lines[header]).toMatch(
      /^run\s+mode\s+status\s+machines\s+duration\s+events\s+sent\s+delivered\s+dropped\s+undelivered\s+causality violations\s+spread max$/,
    );
    expect(lines[header + 2]).toMatch(/^b-old\s+sim\s+completed\s+2\s+3.00 s\s+8\s+3\s+2\s+1\s+0\s+0\s+1$/);
    expect(lines[header + 3]).toMatch(/^a-new\s+sim\s+completed\s+2/);
    expect(out.stdout).not.toContain("machine  ticks/s");
    expect(existsSync(join(logs, "b-old", "report.html"))).toBe(true);
    const json = capture();
    await runAnalyze([logs], { report: false, all: true, json: true }, json.output);
    expect((JSON.parse(json.out.stdout) as Array<{ runDir: string }>).map((r) => r.runDir)).toEqual([
      join(logs, "b-old"),
      join(logs, "a-new"),
    ]);
  });

  it("orders runs without run.json by their files' times, and counts the exercise's runs", async () => {
    const logs = makeRunDir({});
    const { "run.json": _, ...noInfo } = twoMachineRun();
    for (const [name, seconds] of [
      ["second", 2_000_000_000],
      ["first", 1_000_000_000],
    ] as const) {
      mkdirSync(join(logs, name));
      for (const [file, content] of Object.entries(noInfo)) {
        writeFileSync(
          join(logs, name, file),
          (content as object[]).map((l) => `${JSON.stringify(l)}\n`).join(""),
        );
        utimesSync(join(logs, name, file), seconds, seconds);
      }
    }
    mkdirSync(join(logs, "exercise"));
    writeFileSync(join(logs, "exercise", "client-8001.json"), "[]");
    utimesSync(join(logs, "exercise", "client-8001.json"), 500_000_000, 500_000_000);
    const { output } = capture();
    const analyses = await runAnalyze([logs], { report: false, all: true }, output);
    expect(analyses.map((a) => a.runDir)).toEqual(["exercise", "first", "second"].map((n) => join(logs, n)));
  });

  it("refuses a directory without runs, pointing to an experiment's variations", async () => {
    const { output } = capture();
    const empty = makeRunDir({ "notes.txt": "" });
    await expect(runAnalyze([empty], {}, output)).rejects.toThrow(
      `${empty} is not a run directory and holds none: a run directory has a run.json`,
    );
    const experiment = makeRunDir({});
    mkdirSync(join(experiment, "baseline", "1"), { recursive: true });
    writeFileSync(join(experiment, "baseline", "1", "run.json"), "{}");
    await expect(runAnalyze([experiment], {}, output)).rejects.toThrow(
      `(e.g. clocklab analyze ${join(experiment, "baseline")} --all)`,
    );
  });
});

describe("clocklab export", () => {
  it("writes a ShiViz log into the run directory and prints the regex", async () => {
    const dir = makeRunDir(twoMachineRun());
    const { out, output } = capture();
    const path = await runExport(dir, { format: "shiviz" }, output);
    expect(path).toBe(`${dir}/shiviz.log`);
    expect(out.stdout).toContain("(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})");
    expect(readFileSync(path, "utf8").split("\n")[0]).toBe("(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})");
  });

  it("says a run directory that does not exist does not exist, and leaves no file behind", async () => {
    const { output } = capture();
    const missing = join(makeRunDir({}), "nonexistent");
    const out = join(makeRunDir({}), "events.csv");
    for (const options of [{ format: "shiviz" }, { format: "csv", out }]) {
      const refused = runExport(missing, options, output);
      await expect(refused).rejects.toThrow(UserError);
      await expect(refused).rejects.toThrow(`${missing}: no such directory; expected a run directory`);
    }
    expect(existsSync(out)).toBe(false);
  });

  it("names the file and the cause when the export cannot be written", async () => {
    const dir = makeRunDir(twoMachineRun());
    const { output } = capture();
    const out = join(dir, "no-such-dir", "events.csv");
    await expect(runExport(dir, { format: "csv", out }, output)).rejects.toThrow(
      `${out}: cannot write the export: ${join(dir, "no-such-dir")} does not exist`,
    );
    await expect(runExport(dir, { format: "csv", out: dir }, output)).rejects.toThrow(
      `${dir}: cannot write the export: it is a directory`,
    );
  });

  it("prints warnings without the control characters a log's names may hold", async () => {
    const dir = makeRunDir({ ...twoMachineRun(), "m\u001b[2J.jsonl": "" });
    const { out, output } = capture();
    await runExport(dir, { format: "shiviz" }, output);
    expect(out.stderr).toContain("m?[2J.jsonl is empty");
    expect(out.stderr).not.toContain("\u001b");
  });

  it("writes a CSV and refuses an unknown format", async () => {
    const dir = makeRunDir(twoMachineRun());
    const { output } = capture();
    expect(await runExport(dir, { format: "csv" }, output)).toBe(`${dir}/events.csv`);
    await expect(runExport(dir, { format: "xml" }, output)).rejects.toThrow(
      /--format xml: expected one of shiviz, csv/,
    );
  });
});
