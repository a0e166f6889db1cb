// The runs the live view's browser tests look at: a simulated run made by the real CLI, and
// `clocklab watch` serving a run or a directory of runs on a free port.
import { join } from "node:path";
import { expect } from "vitest";
import { runCli } from "./cli.ts";
import { type CliProcess, startCli } from "./processes.ts";

export async function serveWatch(dir: string): Promise<{ cli: CliProcess; url: string }> {
  const cli = startCli(["watch", "--port", "0", dir]);
  const [, url] = await cli.waitForOutput(/(http:\/\/127\.0\.0\.1:\d+\/)/, 30_000);
  return { cli, url: url! };
}

export async function simulateRun(logDir: string, name: string, args: string[]): Promise<string> {
  const result = await runCli(
    ["simulate", "--log-dir", logDir, "--name", name, "--quiet", "--yes", ...args],
    {
      timeoutMs: 120_000,
    },
  );
  expect(result.code, result.stderr).toBe(0);
  return join(logDir, name);
}
