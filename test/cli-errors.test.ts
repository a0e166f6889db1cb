// Bad input on the command line and in config files: one clear message naming the key or flag,
// the value and what was expected; exit code 2; no stack trace.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "clocklab-errors-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectUserError(result: { code: number | null; stderr: string }, ...fragments: string[]) {
  expect(result.code, result.stderr).toBe(2);
  for (const fragment of fragments) expect(result.stderr).toContain(fragment);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe("invalid flags and config", () => {
  it.each([
    [
      ["--port", "70000"],
      ["router.port", "--port", "70000", "at most 65535"],
    ],
    [
      ["--duration", "-5"],
      ["run.durationS", "--duration", "-5", "above 0"],
    ],
    [
      ["--speed-min", "0"],
      ["machine.speedMin", "0"],
    ],
    [
      ["--machines", "many"],
      ["run.machines", '"many"', "number"],
    ],
    [
      ["--machines", "2.5"],
      ["run.machines", "2.5"],
    ],
    [
      ["--vector-clocks", "sometimes"],
      ["machine.vectorClocks", "sometimes"],
    ],
    [
      ["--speeds", "1,2"],
      ["machine.speeds", "2 entries", "3"],
    ],
    [["--set", "run.bogus=1"], ["unknown key run.bogus"]],
    [
      ["--set", "noequals"],
      ["--set noequals", "key=value"],
    ],
    [
      ["--speed-min", "5", "--speed-max", "2"],
      ["machine.speedMin", "above machine.speedMax"],
    ],
  ])("run %j is refused", async (args, fragments) => {
    expectUserError(await runCli(["run", ...args, "--log-dir", dir]), ...fragments);
  });

  it("refuses an unknown key in a config file, naming the file", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "run:\n  machines: 3\n  speed: 4\n");
    expectUserError(await runCli(["run", "--config", file, "--log-dir", dir]), "unknown key run.speed", file);
  });

  it("refuses a wrong type in a config file", async () => {
    const file = join(dir, "type.yaml");
    writeFileSync(file, "router:\n  port: seventy\n");
    expectUserError(
      await runCli(["router", "--config", file, "--log-dir", dir]),
      "router.port",
      '"seventy"',
      "number",
    );
  });

  it("refuses a config file that is not YAML or does not exist", async () => {
    const file = join(dir, "broken.yaml");
    writeFileSync(file, "run: [unclosed\n");
    expectUserError(await runCli(["run", "--config", file]), "not valid YAML");
    expectUserError(await runCli(["run", "--config", join(dir, "missing.yaml")]), "missing.yaml", "ENOENT");
  });

  it("refuses an unknown command or option with exit code 2", async () => {
    expect((await runCli(["fly"])).code).toBe(2);
    expect((await runCli(["run", "--warp", "9"])).code).toBe(2);
  });

  it("refuses to listen beyond loopback without a token", async () => {
    expectUserError(
      await runCli(["router", "--host", "0.0.0.0", "--log-dir", dir]),
      "router.host 0.0.0.0",
      "token",
    );
  });
});

describe("network problems", () => {
  let blocker: Server;
  let busyPort: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    busyPort = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it("a port already in use is named", async () => {
    expectUserError(
      await runCli(["router", "--port", String(busyPort), "--log-dir", dir]),
      `router.port ${busyPort}`,
      "already in use",
    );
    const launched = await runCli(["run", "--port", String(busyPort), "--log-dir", dir]);
    expectUserError(launched, "already in use");
  });

  it("an unreachable router is named after the connect timeout", async () => {
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, "127.0.0.1", resolve));
    const port = (free.address() as { port: number }).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    expectUserError(
      await runCli(["client", "--id", "m1", "--router", `127.0.0.1:${port}`, "--connect-timeout", "1"]),
      `127.0.0.1:${port}`,
      "cannot reach the router",
    );
  });

  it("a malformed --router or --id is refused", async () => {
    expectUserError(
      await runCli(["client", "--id", "m1", "--router", "nowhere"]),
      "--router nowhere",
      "HOST:PORT",
    );
    expectUserError(await runCli(["client", "--id", "bad id!"]), "--id bad id!");
  });
});

describe("keys that could reach a prototype", () => {
  it("are refused in a config file", async () => {
    const file = join(dir, "proto.yaml");
    writeFileSync(file, "machine:\n  clocks:\n    __proto__:\n      offsetMs: 5\n");
    expectUserError(
      await runCli(["run", "--config", file, "--log-dir", dir]),
      "machine.clocks.__proto__",
      "not allowed",
    );
  });
});
