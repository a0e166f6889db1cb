// Each command loads only what it uses, checked on real processes: every module they load is
// recorded (hooks/recordModules.mjs), and `--help`, `router` and `client` (the processes of a
// live run, started by the launcher) load no chart library, DOM, report or experiment code.
// Every process of a run, the launcher included, runs compiled JavaScript: no .ts file, no tsx.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN } from "../helpers/cli.ts";

const RECORDER = pathToFileURL(join(import.meta.dirname, "hooks", "recordModules.mjs")).href;
const HEAVY_MODULES = [
  /\/node_modules\/@observablehq\//,
  /\/node_modules\/d3[^/]*\//,
  /\/node_modules\/linkedom\//,
  /\/dist\/report\//,
  /\/dist\/experiment\//,
];
const SOURCE_MODULES = [/\.[cm]?ts$/, /\/node_modules\/tsx\//, /\/node_modules\/typescript\//];

interface ProcessModules {
  args: string[];
  modules: string[];
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "clocklab-module-loads-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with the recorder in NODE_OPTIONS (so its children record too); every process's modules. */
async function recordRun(name: string, args: string[]): Promise<ProcessModules[]> {
  const logDir = mkdtempSync(join(dir, `${name}-`));
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      env: { ...process.env, NODE_OPTIONS: `--import=${RECORDER}`, CLOCKLAB_MODULE_LOG_DIR: logDir },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, "SIGKILL");
      reject(new Error(`clocklab ${args.join(" ")} did not finish in 60 s`));
    }, 60_000);
    child.on("exit", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  expect(code, `clocklab ${args.join(" ")}`).toBe(0);
  return readdirSync(logDir).map((file) => {
    const [argsLine, ...modules] = readFileSync(join(logDir, file), "utf8").trim().split("\n");
    return { args: JSON.parse(argsLine!) as string[], modules };
  });
}

function expectNone(loaded: ProcessModules, patterns: RegExp[]): void {
  const what = `clocklab ${loaded.args.join(" ")}`;
  // The recorder saw the CLI itself: an empty list would prove nothing.
  expect(
    loaded.modules.some((url) => url.endsWith("/dist/cli/main.js")),
    `${what} recorded nothing`,
  ).toBe(true);
  const offending = loaded.modules.filter((url) => patterns.some((pattern) => pattern.test(url)));
  expect(offending, `${what} loaded`).toEqual([]);
}

describe("modules each command loads", () => {
  it.each([[["--help"]], [["router", "--help"]], [["client", "--help"]]])(
    "clocklab %j loads no charts, DOM, report or experiment code",
    async (args) => {
      const processes = await recordRun("help", args);
      expect(processes).toHaveLength(1);
      expectNone(processes[0]!, [...HEAVY_MODULES, ...SOURCE_MODULES]);
    },
  );

  it("a live run's router and machine processes load none of it either, and nothing runs from source", async () => {
    const runLogs = join(dir, "logs");
    const processes = await recordRun("run", [
      "run",
      "--duration",
      "2",
      "--port",
      "0",
      "--name",
      "modules",
      "--log-dir",
      runLogs,
    ]);
    const commands = processes.map((p) => p.args[0]).sort();
    expect(commands).toEqual(["client", "client", "client", "router", "run"]);
    for (const loaded of processes) {
      expectNone(loaded, loaded.args[0] === "run" ? SOURCE_MODULES : [...HEAVY_MODULES, ...SOURCE_MODULES]);
    }
  });
});
