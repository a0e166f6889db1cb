// `clocklab analyze` and `clocklab export` through a tiny local program (as the main CLI wires
// them): JSON names of DESIGN.md section 8, the report path, and UserError for a non-run.
import { existsSync, readFileSync } from "node:fs";
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
  it("prints every metric with its DESIGN.md name under --json and writes report.html", async () => {
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
        // Hybrid clock metrics beyond DESIGN.md section 8.
        "hlcAheadMsMax",
        "hlcAheadMsMean",
        "hlcLogicalMax",
      ].sort(),
    );
    expect(Object.keys(json.run).sort()).toEqual([
      "causalityViolations",
      "delivered",
      "dropped",
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
