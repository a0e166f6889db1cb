// `simulate --watch --speed N` and `run --watch` open the live view on their run: the URL is
// printed, the page is served, and Ctrl-C ends it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { killAllStarted, startCli } from "./helpers/processes.ts";

const logDir = mkdtempSync(join(tmpdir(), "clocklab-watchafter-"));
afterEach(() => killAllStarted());
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

async function pageAt(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return await response.text();
}

describe("commands that open the live view", () => {
  it("simulate --watch --speed 10 replays the run in the live view until Ctrl-C", async () => {
    const cli = startCli([
      "simulate",
      "--duration",
      "5",
      "--seed",
      "3",
      "--log-dir",
      logDir,
      "--name",
      "s",
      "--quiet",
      "--watch",
      "--speed",
      "10",
      "--watch-port",
      "0",
    ]);
    const [, url] = await cli.waitForOutput(/live view at (http:\/\/127\.0\.0\.1:\d+\/\S*)/, 30_000);
    expect(await pageAt(url!)).toContain("<html");
    await cli.waitForOutput(/Ctrl-C to stop/);
    cli.kill("SIGINT");
    expect(await cli.exited()).toBe(0);
  });

  it("run --watch follows the live run and keeps the page up after it", async () => {
    const cli = startCli([
      "run",
      "--duration",
      "2",
      "--seed",
      "3",
      "--log-dir",
      logDir,
      "--name",
      "r",
      "--port",
      "0",
      "--watch",
      "--watch-port",
      "0",
    ]);
    const [, url] = await cli.waitForOutput(/live view at (http:\/\/127\.0\.0\.1:\d+\/\S*)/, 30_000);
    expect(await pageAt(url!)).toContain("<html");
    await cli.waitForOutput(/Ctrl-C to stop/, 30_000);
    expect(await pageAt(url!)).toContain("<html");
    cli.kill("SIGINT");
    expect(await cli.exited()).toBe(0);
  });

  it("refuses --speed without --watch", async () => {
    const cli = startCli(["simulate", "--duration", "1", "--log-dir", logDir, "--speed", "10"]);
    expect(await cli.exited()).toBe(2);
    expect(cli.output()).toMatch(/--speed goes with --watch/);
  });
});
