// The live view's causal highlight in real Chromium, served by the real `clocklab watch` (dist/):
// clicking an event lights up exactly its causal past and future, checked against the send/receive
// graph this test builds from the logs itself, with vector clocks (3 machines) and without them
// (20 machines, from the graph). Screenshots are saved.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reachable, readRun } from "./helpers/happensBefore.ts";
import { killAllStarted } from "./helpers/processes.ts";
import { clickEvent, haveChromium, openWatchPage, screenshot, waitUntilReady } from "./helpers/watchPage.ts";
import { serveWatch, simulateRun } from "./helpers/watchRuns.ts";

afterAll(killAllStarted);

/** Clicks a RECEIVE in the middle of the view and checks the highlight against the graph. */
async function checkCausalHighlight(
  page: Page,
  runDir: string,
  lanes: string[],
  method: string,
): Promise<void> {
  const events = readRun(runDir);
  const latest = Math.max(...events.map((e) => e.t));
  const candidates = events.filter(
    (e) => e.type === "RECEIVE" && lanes.includes(e.machine) && e.t > latest - 7000 && e.t < latest - 3000,
  );
  const chosen = candidates[Math.floor(candidates.length / 2)]!;
  expect(chosen).toBeDefined();
  await clickEvent(page, chosen.machine, chosen.seq);
  const selection = (await page.evaluate(() => window.__clocklabWatch!.selection()))!;
  const past = reachable(events, chosen, "past");
  const future = reachable(events, chosen, "future");
  expect(selection.method).toBe(method);
  expect(selection.past.sort()).toEqual(past);
  expect(selection.future.sort()).toEqual(future);
  const related = new Set([chosen.key, ...past, ...future]);
  expect(selection.concurrent.sort()).toEqual(
    events
      .map((e) => e.key)
      .filter((key) => !related.has(key))
      .sort(),
  );
  expect(past.length).toBeGreaterThan(0);
  expect(future.length).toBeGreaterThan(0);
  const panel = (await page.locator("#event-panel").textContent()) ?? "";
  expect(panel).toContain(`${chosen.machine} · event ${chosen.seq} · RECEIVE`);
  expect(panel).toContain(method === "vector" ? "vector clocks" : "happens-before graph");
}

describe.skipIf(!haveChromium)("the live view's causal highlight in headless Chromium", () => {
  let logDir: string;
  beforeAll(() => {
    logDir = mkdtempSync(join(tmpdir(), "clocklab-watch-causal-"));
  });

  it("lights up exactly the causal past and future of a clicked event, by vector clocks", async () => {
    const dir = await simulateRun(logDir, "three", ["--machines", "3", "--duration", "15", "--seed", "5"]);
    const { cli, url } = await serveWatch(dir);
    const view = await openWatchPage(url);
    try {
      await waitUntilReady(view.page);
      await checkCausalHighlight(view.page, dir, ["m1", "m2", "m3"], "vector");
      await screenshot(view.page, "causal-vector");
      expect(view.problems).toEqual([]);
    } finally {
      await view.close();
      cli.kill();
    }
  });

  it("does the same from the happens-before graph when there are no vector clocks (20 machines)", async () => {
    const dir = await simulateRun(logDir, "twenty", ["--machines", "20", "--duration", "15", "--seed", "6"]);
    const { cli, url } = await serveWatch(dir);
    const view = await openWatchPage(url);
    try {
      await waitUntilReady(view.page);
      const lanes = Array.from({ length: 12 }, (_, i) => `m${i + 1}`);
      await checkCausalHighlight(view.page, dir, lanes, "graph");
      await screenshot(view.page, "causal-graph-20-machines");
      expect(view.problems).toEqual([]);
    } finally {
      await view.close();
      cli.kill();
    }
  });
});
