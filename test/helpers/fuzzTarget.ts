// The real `clocklab router` as a separate OS process, for tests that must see whether it crashes or
// how much memory it holds: start it on a free port, read its RSS from /proc, stop it by pid.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CLI_BIN } from "./cli.ts";
import { waitFor } from "./waitFor.ts";

export interface RouterTarget {
  pid: number;
  port: number;
  runDir: string;
  child: ChildProcess;
  /** Set when the process has exited (a crash, unless we stopped it). */
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  /** The last stdout/stderr text, for failure messages. */
  tail(): string;
  alive(): boolean;
  memory(): ProcessMemory;
  stop(): Promise<void>;
}

export interface ProcessMemory {
  /** Resident set size now, in bytes. */
  rssBytes: number;
  /** Peak resident set size so far (VmHWM), in bytes. */
  peakBytes: number;
}

/** Reads a process's current and peak RSS from /proc/<pid>/status (Linux). */
export function processMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    if (match === null) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: kib("VmRSS"), peakBytes: kib("VmHWM") };
}

/**
 * Starts `clocklab router --port 0 --machines 3 --duration 3600 --log-dir <logDir> --name <name>`
 * plus `extraArgs`, and resolves once it prints the port it listens on.
 */
export async function startRouterProcess(
  logDir: string,
  name: string,
  extraArgs: string[] = [],
): Promise<RouterTarget> {
  // Test traffic comes in bursts no real run could make (thousands of messages a second from
  // three machines): fast planned speeds raise the router's clock ceilings to match.
  const args = [
    "router",
    "--port",
    "0",
    "--machines",
    "3",
    "--duration",
    "3600",
    "--speed-min",
    "100000",
    "--speed-max",
    "100000",
  ];
  args.push("--log-dir", logDir, "--name", name, ...extraArgs);
  const child = spawn(process.execPath, [CLI_BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let port: number | null = null;
  const keep = (text: string) => {
    // The router prints a line per rejected connection: keep only the tail, and keep reading so
    // that a full pipe never blocks it.
    if (port === null) {
      const match = /listening on [^\s:]+:(\d+)/.exec(output + text);
      if (match !== null) port = Number(match[1]);
    }
    output = (output + text).slice(-8192);
  };
  child.stdout!.setEncoding("utf8").on("data", keep);
  child.stderr!.setEncoding("utf8").on("data", keep);
  const target: RouterTarget = {
    pid: child.pid!,
    port: 0,
    runDir: join(logDir, name),
    child,
    exit: null,
    tail: () => output,
    alive: () => target.exit === null && isRunning(child.pid!),
    memory: () => processMemory(child.pid!),
    stop: () => stopProcess(target),
  };
  child.on("exit", (code, signal) => {
    target.exit = { code, signal };
  });
  try {
    target.port = await waitFor(
      () => {
        if (target.exit !== null) throw new Error(`router exited before listening:\n${output}`);
        return port;
      },
      "the router to listen",
      20_000,
    );
  } catch (error) {
    await target.stop();
    throw error;
  }
  return target;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL if it has not exited within a few seconds. Only ever this one pid. */
async function stopProcess(target: RouterTarget): Promise<void> {
  if (target.exit !== null) return;
  target.child.kill("SIGTERM");
  try {
    await waitFor(() => target.exit !== null, "the router to exit", 5000);
  } catch {
    target.child.kill("SIGKILL");
    await waitFor(() => target.exit !== null, "the router to exit after SIGKILL", 5000);
  }
}
