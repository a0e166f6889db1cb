// `clocklab watch` on the command line: bad input is one clear message and exit code 2 (not a
// run directory, a taken port, --host without a token, a bad --speed); good input prints the
// page's URL, serves it, and stops on SIGTERM.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { killAllStarted, startCli } from "./helpers/processes.ts";

afterAll(killAllStarted);

function expectUserError(result: { code: number | null; stderr: string }, ...fragments: string[]) {
  expect(result.code, result.stderr).toBe(2);
  for (const fragment of fragments) expect(result.stderr).toContain(fragment);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

function runDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "clocklab-watch-cli-"));
  writeFileSync(join(dir, "run.json"), JSON.stringify({ mode: "sim", status: "completed", t0: 0 }));
  writeFileSync(join(dir, "m1.jsonl"), "");
  return dir;
}

describe("clocklab watch, bad input", () => {
  it("refuses a directory that is not a run", async () => {
    const empty = mkdtempSync(join(tmpdir(), "clocklab-watch-empty-"));
    expectUserError(await runCli(["watch", empty]), empty, "is not a run directory", "logs/");
    expectUserError(await runCli(["watch", join(empty, "missing")]), "no such directory");
  });

  it("says so when the port is taken, instead of picking another", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = String((blocker.address() as { port: number }).port);
    try {
      expectUserError(
        await runCli(["watch", "--port", port, runDir()]),
        `--port ${port}`,
        "already in use",
        "--port 0",
      );
    } finally {
      blocker.close();
    }
  });

  it("needs a token to listen beyond 127.0.0.1, and checks its flags", async () => {
    expectUserError(
      await runCli(["watch", "--port", "0", "--host", "0.0.0.0", runDir()]),
      "--host 0.0.0.0",
      "--token",
    );
    expectUserError(await runCli(["watch", "--port", "x", runDir()]), "--port x");
    expectUserError(await runCli(["watch", "--speed", "0", runDir()]), "--speed 0");
    expectUserError(await runCli(["watch", "--host", "0.0.0.0", "--token", "short", runDir()]), "--token");
  });
});

describe("clocklab watch, serving", () => {
  it("prints the URL, serves the page and stops on SIGTERM", async () => {
    const cli = startCli(["watch", "--port", "0", runDir()]);
    const [, url] = await cli.waitForOutput(/(http:\/\/127\.0\.0\.1:\d+\/)/);
    const response = await fetch(url!);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("/app.js");
    const script = await fetch(new URL("app.js", url!));
    expect(script.headers.get("content-type")).toContain("javascript");
    cli.kill("SIGTERM");
    expect(await cli.exited()).toBe(0);
  });
});
