// report.html in a real browser: headless Chromium (the system's /usr/bin/chromium via
// playwright-core; nothing is downloaded) opens the report of a constructed run and of the
// original exercise's fixture with JavaScript off, finds no console errors, finds every chart drawn
// (marks present) and saves a screenshot into a temp directory; with JavaScript on, a run with a
// fault downloads a chart's numbers (CSV, JSON) and its image (SVG) under the page's CSP.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { analyzeRun } from "../src/analysis/index.ts";
import { writeHtmlReport } from "../src/report/index.ts";
import { partitionRun } from "./analysis/faultRuns.ts";
import { FIXTURE_DIR, makeRunDir, twoMachineRun } from "./analysis/runDirs.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

if (!existsSync(CHROMIUM))
  console.warn(`skipping the browser test: ${CHROMIUM} is absent (apt-get install chromium)`);

/** Selectors of each chart's marks: a chart with none of them drew nothing. */
const MARKS: Record<string, string> = {
  lamport: 'g[aria-label="line"] path',
  queue: 'g[aria-label="line"] path',
  jumps: 'g[aria-label="rect"] rect',
  spread: 'g[aria-label="area"] path',
  "space-time": "g.event circle",
};

async function checkReport(runDir: string, reportDir: string, name: string): Promise<void> {
  const path = await writeHtmlReport(reportDir, await analyzeRun(runDir));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1100, height: 900 },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("request", (request) => {
      if (!request.url().startsWith("file:")) errors.push(`network request: ${request.url()}`);
    });
    await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
    for (const [chart, selector] of Object.entries(MARKS)) {
      const marks = await page.locator(`[data-chart="${chart}"] ${selector}`).count();
      expect(marks, `${chart} chart marks`).toBeGreaterThan(0);
      expect(await page.locator(`[data-chart="${chart}"] svg`).first().isVisible()).toBe(true);
    }
    expect(await page.locator(".observations li").count()).toBeGreaterThan(3);
    const screenshot = join(mkdtempSync(join(tmpdir(), "clocklab-report-shot-")), `${name}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`report screenshot: ${screenshot}`);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}

describe.skipIf(!existsSync(CHROMIUM))("report.html in headless Chromium", () => {
  it("draws every chart of a constructed run with no console errors", async () => {
    const dir = makeRunDir(twoMachineRun());
    await checkReport(dir, dir, "constructed");
  });

  it.skipIf(!existsSync(FIXTURE_DIR))("draws every chart of the original exercise's run", async () => {
    await checkReport(FIXTURE_DIR, mkdtempSync(join(tmpdir(), "clocklab-report-")), "fixture");
  });

  it("downloads a chart's numbers and its image from a run with a fault, under the page's CSP", async () => {
    const dir = makeRunDir(partitionRun());
    const path = await writeHtmlReport(dir, await analyzeRun(dir));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const context = await browser.newContext({
        acceptDownloads: true,
        viewport: { width: 1100, height: 900 },
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
      const saved = async (click: () => Promise<void>) => {
        const [download] = await Promise.all([page.waitForEvent("download"), click()]);
        const file = join(
          mkdtempSync(join(tmpdir(), "clocklab-report-download-")),
          download.suggestedFilename(),
        );
        await download.saveAs(file);
        return { name: download.suggestedFilename(), text: readFileSync(file, "utf8") };
      };
      const box = page.locator('[data-chart="lamport"]');
      const csv = await saved(() => box.locator("a.data", { hasText: "CSV" }).click());
      expect(csv.name).toMatch(/-lamport\.csv$/);
      expect(csv.text.split("\n")[0]).toBe("series,machine,tS,value");
      expect(csv.text).toContain("machine,m1,4.504,11");
      const phases = await saved(() =>
        page.locator("#faults a.data[download$='-fault-phases.json']").click(),
      );
      expect(JSON.parse(phases.text).rows[1]).toEqual([
        "f1",
        "during",
        2,
        4,
        2,
        8,
        4,
        0,
        1,
        1,
        null,
        5,
        "partition=1",
      ]);
      // The script (allowed by its hash) shows the image buttons; the SVG keeps the shaded window.
      await expect.poll(() => box.locator("button[data-download=svg]").isVisible()).toBe(true);
      const svg = await saved(() => box.locator("button[data-download=svg]").click());
      expect(svg.name).toMatch(/-lamport\.svg$/);
      expect(svg.text).toContain('class="fault-window"');
      expect(svg.text).toContain("f1 partition");
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
