// Bad input on the command line and in config files: one clear message naming the key or flag,
// the value and what was expected; exit code 2; no stack trace.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
      ["router.port (from --port)", "got 70000", "expected a value at most 65535"],
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
    [["--set", "run.bogus=1"], ["run.bogus (from --set): unknown key"]],
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
    expectUserError(
      await runCli(["run", "--config", file, "--log-dir", dir]),
      `run.speed (in ${file}): unknown key`,
    );
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

describe("config errors name the flag or --set a value came from (issue 12, item 25)", () => {
  it.each([
    [
      ["--speeds", "0,3", "--machines", "2"],
      ["machine.speeds[0] (from --speeds)", "got 0", "above 0"],
    ],
    [
      ["--actions", "sendFirst=1,foo=2"],
      [
        "machine.actions.foo (from --actions): unknown key",
        "expected one of sendFirst, sendSecond, broadcast, direct, internal",
      ],
    ],
    [
      ["--set", "machine.speedMn=3"],
      ["machine.speedMn (from --set): unknown key", "did you mean speedMin?"],
    ],
    [
      ["--set", "runn.machines=4"],
      ["runn (from --set): unknown key", "did you mean run?"],
    ],
    [
      ["--offsets", "m2=abc"],
      ['machine.clocks.m2.offsetMs (from --offsets): got "abc"', "expected a number"],
    ],
    [["--machines", "2.5"], ["run.machines (from --machines): got 2.5; expected a whole number from 2"]],
    [
      ["--speed-max", "0.5"],
      ["machine.speedMax (from --speed-max)", "machine.speedMin 1 is above machine.speedMax 0.5"],
    ],
  ])("run %j", async (args, fragments) => {
    const result = await runCli(["run", ...args, "--log-dir", dir]);
    expectUserError(result, ...fragments);
    expect(result.stderr).not.toContain("config.yaml");
    expect(result.stderr).not.toMatch(/\ba int\b/);
  });

  it("an unknown key in a file is blamed on the file, with the nearest key", async () => {
    const file = join(dir, "typo.yaml");
    writeFileSync(file, "run:\n  machnes: 3\n");
    expectUserError(
      await runCli(["run", "--config", file, "--log-dir", dir]),
      `run.machnes (in ${file}): unknown key; expected one of machines,`,
      "did you mean machines? (value 3)",
    );
  });

  it("a value from a file is blamed on the file even when a flag set a neighbouring key", async () => {
    const file = join(dir, "speeds.yaml");
    writeFileSync(file, "machine:\n  speeds: [1, 0, 3]\n");
    const result = await runCli(["run", "--config", file, "--speed-min", "2", "--log-dir", dir]);
    expectUserError(result, `machine.speeds[1] (in ${file}): got 0`);
  });
});

describe("flag values are read by the type of their key, not as YAML (issue 12, item 26)", () => {
  it.each([
    [["--token", "12345678"], "router.token"],
    [["--name", "2024"], "run.name"],
    [["--host", "::"], "router.host"],
    [["--set", "run.name=2024"], "run.name"],
    [["--set", "router.host=::"], "router.host"],
  ])("%j is a string: only the other problem is reported", async (args, key) => {
    const result = await runCli(["router", ...args, "--machines", "1", "--log-dir", dir]);
    expectUserError(result, "run.machines (from --machines)");
    expect(result.stderr).not.toContain(key);
    expect(result.stderr).not.toContain('{":":null}');
  });

  it("a simulation named 2024 runs, with --set values read by the schema's types", async () => {
    const logDir = join(dir, "named");
    const result = await runCli([
      "simulate",
      "--name",
      "2024",
      "--duration",
      "1",
      "--quiet",
      "--log-dir",
      logDir,
      "--set",
      "machine.speeds=[2,3,4]",
      "--set",
      "machine.vectorClocks=false",
      "--set",
      "run.seed=7",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(logDir, "2024", "run.json"))).toBe(true);
  });

  it.each([
    [["--speeds", "1,x,3"], 'machine.speeds[1] (from --speeds): got "x"; expected a number'],
    [["--set", "machine.vectorClocks=yes"], 'got "yes"; expected "auto", true or false'],
    [["--set", "sim.logging=1"], 'sim.logging (from --set): got "1"; expected true or false'],
    [
      ["--port", "0x10", "--duration", "1"],
      'router.port (from --port): got "0x10"; expected a whole number from 0 to 65535',
    ],
  ])("%j is refused as the key's type", async (args, fragment) => {
    expectUserError(await runCli(["run", ...args, "--log-dir", dir]), fragment);
  });

  it("a token is never echoed in an error", async () => {
    const result = await runCli(["router", "--token", "sekrit", "--log-dir", dir]);
    expectUserError(result, "router.token (from --token)", "expected a string of at least 8 characters");
    expect(result.stderr).not.toContain("sekrit");
  });
});

describe("--help lists each command's own flags, with defaults (issue 12, item 28)", () => {
  const help = async (command: string) => {
    const result = await runCli([command, "--help"]);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.replace(/\s+/g, " ");
  };
  const flags = (text: string) => new Set(text.match(/--[a-z][a-z-]+/g));

  it("router has no --machines-per-process; simulate has no network flags", async () => {
    expect(flags(await help("router"))).not.toContain("--machines-per-process");
    const simulate = flags(await help("simulate"));
    for (const flag of ["--port", "--token", "--host", "--max-frame-bytes", "--machines-per-process"]) {
      expect(simulate).not.toContain(flag);
    }
  });

  it("client lists its connection and log flags, and none of the model's", async () => {
    const client = flags(await help("client"));
    for (const flag of [
      "--log-dir",
      "--token",
      "--max-frame-bytes",
      "--config",
      "--set",
      "--transport",
      "--name",
    ]) {
      expect(client).toContain(flag);
    }
    for (const flag of [
      "--machines",
      "--speeds",
      "--speed-min",
      "--speed-max",
      "--actions",
      "--vector-clocks",
      "--payload-bytes",
      "--offsets",
      "--drifts",
      "--duration",
      "--seed",
      "--machines-per-process",
    ]) {
      expect(client).not.toContain(flag);
    }
  });

  it("every config flag shows its default, taken from the config defaults", async () => {
    const run = await help("run");
    for (const shown of [
      "--machines <n> number of model machines (default: 3)",
      "--duration <seconds> run length in seconds (default: 60)",
      "--port <n> router TCP port (default: 7400)",
      "--max-frame-bytes <n> largest frame accepted (default: 65536)",
      "--speed-min <n> slowest machine speed, ticks/s (default: 1)",
      "--log-dir <dir> directory for run directories (default: logs)",
      "(default: sendFirst=1,sendSecond=1,broadcast=1,direct=0,internal=7)",
      "--vector-clocks <mode> auto | true | false (default: auto)",
    ]) {
      expect(run).toContain(shown);
    }
    const options = run.split(" --").filter((part) => /^[a-z-]+ </.test(part));
    for (const option of options) {
      if (option.startsWith("set ") || option.startsWith("config ")) continue;
      expect(option, option).toContain("(default: ");
    }
  });
});
