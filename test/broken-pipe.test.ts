// Output piped into a reader that stops early (`clocklab analyze <dir> | head`): every command
// exits quietly (no EPIPE stack trace), and a long export stops writing when the pipe closes.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, runCli } from "./helpers/cli.ts";

let dir: string;
let runDir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "clocklab-pipe-"));
  // 120 virtual seconds of 3 machines: a CSV of about 250 KB, several times a pipe's buffer.
  const sim = await runCli(["simulate", "--seed", "1", "--duration", "120", "--log-dir", dir, "--name", "r"]);
  expect(sim.code, sim.stderr).toBe(0);
  runDir = join(dir, "r");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the CLI with its stdout (or stderr) closed by the reader before anything is written. */
function runWithClosedOutput(
  args: string[],
  closed: "stdout" | "stderr",
  timeoutMs = 30_000,
): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    child[closed].destroy();
    let stderr = "";
    if (closed === "stdout") child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
    const deadline = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(`clocklab ${args.join(" ")} did not exit within ${timeoutMs} ms of its ${closed} closing`),
      );
    }, timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(deadline);
      resolve({ code, signal, stderr });
    });
  });
}

/** Runs `clocklab <args> | head -n <lines>` in bash with pipefail: clocklab's own exit status. */
function runIntoHead(
  args: string[],
  lines: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const quoted = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const script = `set -o pipefail; '${process.execPath}' '${CLI_BIN}' ${quoted} | head -n ${lines}`;
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (t: string) => (stdout += t));
    child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
    const deadline = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`clocklab ${args.join(" ")} | head did not finish within 30 s`));
    }, 30_000);
    child.on("exit", (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}

function expectQuiet(result: { code: number | null; stderr: string }, code = 0): void {
  expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
  expect(result.code, result.stderr).toBe(code);
}

describe("output into a closed pipe", () => {
  it.each([
    [["analyze", "RUN", "--no-report"]],
    [["analyze", "RUN", "--no-report", "--json"]],
    [["export", "RUN", "--format", "csv", "--out", "-"]],
    [["export", "RUN", "--format", "shiviz", "--out", "-"]],
    [["--help"]],
    [["simulate", "--help"]],
  ])("clocklab %j exits quietly when stdout is closed", async (args) => {
    expectQuiet(
      await runWithClosedOutput(
        args.map((a) => (a === "RUN" ? runDir : a)),
        "stdout",
      ),
    );
  });

  it("keeps the exit code of a user error when stderr is closed", async () => {
    expectQuiet(await runWithClosedOutput(["export", join(dir, "nope"), "--format", "csv"], "stderr"), 2);
  });

  it("stops a live run as Ctrl-C would, so its machines end cleanly and run.json says why", async () => {
    const args = ["run", "--duration", "60", "--port", "0", "--log-dir", dir, "--name", "live"];
    const result = await runWithClosedOutput(args, "stdout", 45_000);
    expectQuiet(result, 130);
    // The first line may be written before or after the router set up the run directory (a busy
    // host starts it later); either way the run ends as interrupted, never left running.
    const runJson = join(dir, "live", "run.json");
    if (existsSync(runJson)) {
      expect((JSON.parse(readFileSync(runJson, "utf8")) as { status: string }).status).toBe("interrupted");
    }
  });

  it("stops a long CSV export when head has read its lines", async () => {
    const result = await runIntoHead(["export", runDir, "--format", "csv", "--out", "-"], 2);
    expectQuiet(result);
    expect(result.stdout.split("\n")[0]).toMatch(/^machine,seq,/);
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(2);
  });

  it("exits quietly when analyze's summary goes into head", async () => {
    const result = await runIntoHead(["analyze", runDir, "--no-report"], 1);
    expectQuiet(result);
    expect(result.stdout).toMatch(/^Run /);
  });
});
