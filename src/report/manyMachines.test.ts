// A run of 2,000 machines (tiny constructed logs): the report stays small and readable (band charts,
// summary and excerpt tables, a space-time diagram of a few machines), while --json still lists
// every machine. Sizes only; timings are the benchmark's business.
import { readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeRunDir } from "../../test/analysis/runDirs.ts";
import { expectOnlyTheHashedScript } from "../../test/helpers/reportPage.ts";
import { runAnalyze } from "../cli/actions/analyze.ts";
import { UserError } from "../core/userError.ts";

const MACHINES = 2000;
const EVENTS = 6;

/** Machine i sends to machine i+1 first, then receives from i-1, then has internal events. */
function manyMachineRun(): Record<string, string | object[]> {
  const files: Record<string, string | object[]> = {};
  const id = (i: number) => `m${((i - 1 + MACHINES) % MACHINES) + 1}`;
  const firstLamport = (i: number) => 1 + (((i - 1 + MACHINES) % MACHINES) % 9);
  const machines = [];
  for (let i = 1; i <= MACHINES; i++) {
    const speed = 1 + (i % 6);
    machines.push({ id: id(i), ticksPerSecond: speed });
    const lines: object[] = [];
    let lamport = firstLamport(i);
    for (let k = 0; k < EVENTS; k++) {
      const t = (k * 1000) / speed;
      const base = { seq: k + 1, tick: k + 1 };
      const hlc = { wall: Math.floor(t), logical: 0 };
      if (k === 0) {
        const message = { id: `${id(i)}:1`, kind: "DIRECT", to: [id(i + 1)], lamport, sentAt: t };
        lines.push({
          ...base,
          type: "SEND",
          trueTime: t,
          systemTime: t,
          lamport,
          hlc,
          queueLength: 0,
          message,
        });
      } else if (k === 1) {
        lamport = Math.max(lamport, firstLamport(i - 1)) + 1;
        const message = { id: `${id(i - 1)}:1`, from: id(i - 1), lamport: firstLamport(i - 1), sentAt: 0 };
        lines.push({
          ...base,
          type: "RECEIVE",
          trueTime: t,
          systemTime: t,
          lamport,
          hlc,
          queueLength: 1,
          message,
        });
      } else {
        lamport += 1;
        lines.push({ ...base, type: "INTERNAL", trueTime: t, systemTime: t, lamport, hlc, queueLength: 0 });
      }
    }
    files[`${id(i)}.jsonl`] = lines;
  }
  files["run.json"] = JSON.stringify({ mode: "sim", seed: 1, status: "completed", machines });
  return files;
}

function capture() {
  const out = { stdout: "", stderr: "" };
  const output = {
    stdout: (t: string) => {
      out.stdout += t;
    },
    stderr: (t: string) => {
      out.stderr += t;
    },
  };
  return { out, output };
}

describe("a run of 2,000 machines", () => {
  const dir = makeRunDir(manyMachineRun());

  it("keeps every machine in --json and writes a report of bounded size", async () => {
    const { out, output } = capture();
    await runAnalyze([dir], { json: true, report: true }, output);
    const json = JSON.parse(out.stdout);
    expect(Object.keys(json.machines)).toHaveLength(MACHINES);
    expect(json.machines.m2000.events).toBe(EVENTS);
    expect(json.run.sent).toBe(MACHINES);
    expect(json.run.delivered).toBe(MACHINES);
    expect(json.run.causalityViolations).toBe(0);

    const path = `${dir}/report.html`;
    expect(statSync(path).size).toBeLessThan(2 * 1024 * 1024);
    const html = readFileSync(path, "utf8");
    expectOnlyTheHashedScript(html);
    // Band charts instead of a line per machine, and captions that say so.
    expect(html).toContain("2,000 machines are too many for a line each");
    expect(html).toContain("median of all 2,000 machines");
    expect(html).toContain("(fastest");
    // Tables: min / median / max and an excerpt, not 2,000 columns.
    expect(html).toContain("the 10 highest and the 10 lowest of 2,000");
    expect(html).toContain("1,980 more machines");
    expect(html.match(/<th>m\d+<\/th>/g) ?? []).toHaveLength(0);
    // The space-time diagram draws 12 machines, with stubs for messages to machines not drawn.
    const diagram = html.slice(html.indexOf('<svg class="space-time"'));
    const rows = diagram.slice(
      diagram.indexOf('<g class="machines">'),
      diagram.indexOf('<g class="messages"'),
    );
    expect(rows.match(/font-weight="600">m\d+</g)).toHaveLength(12);
    expect(diagram).toContain('<g class="off-diagram"');
    expect(html).toContain("1,988 more are not drawn");
  });

  it("draws the machines named by --diagram-machines and refuses unknown ones", async () => {
    const { output } = capture();
    const [analysis] = await runAnalyze([dir], { report: false, diagramMachines: "m7, m1500,m7" }, output);
    expect(analysis!.window.machines).toEqual(["m7", "m1500"]);
    expect(new Set(analysis!.window.events.map((e) => e.machine))).toEqual(new Set(["m7", "m1500"]));
    await expect(runAnalyze([dir], { report: false, diagramMachines: "m7,m9999" }, output)).rejects.toThrow(
      UserError,
    );
  });

  it("shows an excerpt of the machines in the terminal table", async () => {
    const { out, output } = capture();
    await runAnalyze([dir], { report: false }, output);
    const machineRows = out.stdout.split("\n").filter((line) => /^m\d+\s/.test(line));
    expect(machineRows).toHaveLength(20);
    expect(out.stdout).toContain("… 1,980 more");
    expect(out.stdout).toMatch(/^total\s+12,000\s+2,000\s+2,000\s+8,000$/m);
  });
});
