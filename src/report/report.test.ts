// The terminal table and the HTML report: content, sections, and escaping of every log-supplied
// string (a machine id or payload of `<script>` shows as text; the page's one script is its own,
// allowed by its hash in the Content-Security-Policy and by nothing else).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeRunDir, twoMachineRun } from "../../test/analysis/runDirs.ts";
import { expectOnlyTheHashedScript } from "../../test/helpers/reportPage.ts";
import { analyzeRun } from "../analysis/index.ts";
import { formatSummaryTable, writeHtmlReport } from "./index.ts";

describe("formatSummaryTable", () => {
  it("has one row per machine and the run totals", async () => {
    const table = formatSummaryTable(await analyzeRun(makeRunDir(twoMachineRun())));
    expect(table).toMatch(
      /machine\s+ticks\/s\s+events\s+sends\s+receives\s+internal\s+final L\s+max jump\s+max queue/,
    );
    expect(table).toMatch(/^m1\s+1\.00\s+4\s+1\s+1\s+2\s+5\s+2\s+2$/m);
    expect(table).toMatch(/^total\s+8\s+3\s+2\s+3$/m);
    expect(table).toContain("deliveries: 3 sent: 2 delivered, 1 dropped (machine-gone 1), 0 lost");
    expect(table).toContain("Lamport spread: max 1, final 0; causality violations: 0");
  });
});

describe("writeHtmlReport", () => {
  it("writes one self-contained page with every section, charts and observations", async () => {
    const dir = makeRunDir(twoMachineRun());
    const path = await writeHtmlReport(dir, await analyzeRun(dir));
    expect(path).toBe(`${dir}/report.html`);
    const html = readFileSync(path, "utf8");
    for (const id of [
      "observations",
      "lamport",
      "queue",
      "jumps",
      "spread",
      "space-time",
      "lag",
      "hlc",
      "hlc-logical",
      "speeds",
      "metrics",
      "configuration",
    ]) {
      expect(html).toContain(`<section id="${id}">`);
    }
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
    ])
      expect(html).toContain(`data-chart="${chart}"`);
    // No faults, no restarts: no Faults section, no lanes chart, nothing shaded.
    expect(html).not.toContain('<section id="faults">');
    expect(html).not.toContain('<section id="timeline">');
    expect(html).not.toContain('class="fault-window"');
    expectOnlyTheHashedScript(html);
    expect(html).toContain("All machines ended at the same Lamport value (5)");
    expect(html).toContain("The largest Lamport jump was +2");
    expect(html).toContain("<code>causalityViolations</code>");
  });

  it("escapes machine ids, message ids and payloads taken from logs", async () => {
    const evil = "<script>alert(1)</script>";
    const dir = makeRunDir({
      [`${evil.replace(/\//g, "")}.jsonl`]: [
        { seq: 1, type: "INTERNAL", trueTime: 0, systemTime: 0, lamport: 1, queueLength: 0 },
        {
          seq: 2,
          type: "SEND",
          trueTime: 10,
          systemTime: 10,
          lamport: 2,
          queueLength: 0,
          message: { id: evil, to: ["m2"], lamport: 2, sentAt: 10, payload: evil },
        },
      ],
      "m2.jsonl": [
        {
          seq: 1,
          type: "RECEIVE",
          trueTime: 20,
          systemTime: 20,
          lamport: 3,
          queueLength: 0,
          message: { id: evil, from: "<img src=x onerror=alert(1)>", lamport: 2, sentAt: 10, payload: evil },
        },
      ],
      "run.json": JSON.stringify({ config: { note: evil } }),
    });
    const analysis = await analyzeRun(dir);
    const html = readFileSync(await writeHtmlReport(dir, analysis), "utf8");
    expectOnlyTheHashedScript(html);
    expect(html).not.toMatch(/<script>alert/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;");
    expect(html).toContain("payload &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("says when a log's last line was cut", async () => {
    const files = twoMachineRun();
    files["m1.jsonl"] =
      `${(files["m1.jsonl"] as object[]).map((l) => JSON.stringify(l)).join("\n")}\n{"seq":5,"ty`;
    const dir = makeRunDir(files);
    const html = readFileSync(await writeHtmlReport(dir, await analyzeRun(dir)), "utf8");
    expect(html).toContain("The last line of m1.jsonl was cut off");
    expect(html).toContain('<div class="warnings"');
  });

  it("writes a report for a run without events", async () => {
    const dir = makeRunDir({ "run.json": "{}", "m1.jsonl": "" });
    const html = readFileSync(await writeHtmlReport(dir, await analyzeRun(dir)), "utf8");
    expect(html).toContain("The run has no events to analyse.");
  });
});
