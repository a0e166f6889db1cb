// One nats-server process of a local cluster: started detached (it outlives `clocklab cluster up`)
// with its output in a log file; later found again by pid and stopped with SIGTERM, then SIGKILL
// after a deadline. A recorded pid is only signalled while it still runs nats-server with the
// same config file, so a stale pid reused by another process is left alone.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";

export interface StartedServer {
  pid: number;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<string>;
  /** Null while it runs, then how it ended (e.g. "exit code 1"). */
  exitReason(): string | null;
}

export function startServerProcess(binaryPath: string, configFile: string, logFile: string): StartedServer {
  const logFd = openSync(logFile, "a", 0o600);
  let reason: string | null = null;
  try {
    const child = spawn(binaryPath, ["-c", configFile], { detached: true, stdio: ["ignore", logFd, logFd] });
    const exited = new Promise<string>((resolve) => {
      child.once("error", (error) => {
        reason = error.message;
        resolve(reason);
      });
      child.once("exit", (code, signal) => {
        reason = signal ?? `exit code ${code}`;
        resolve(reason);
      });
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${binaryPath}`);
    return { pid: child.pid, exited, exitReason: () => reason };
  } finally {
    closeSync(logFd);
  }
}

export type ProcessState = "running" | "gone" | "other-process";

/**
 * Whether `pid` still runs nats-server with `configFile`. Where /proc is missing (not Linux) a live
 * pid is taken to be ours.
 */
export function serverProcessState(pid: number, configFile: string): ProcessState {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? "other-process" : "gone";
  }
  let commandLine: string;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    if (/\) Z /.test(stat)) return "gone"; // a zombie has exited; only its parent has not reaped it
    commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "running";
  }
  const args = commandLine.split("\0");
  return args.some((arg) => arg.endsWith("nats-server")) && args.includes(configFile)
    ? "running"
    : "other-process";
}

export type StopOutcome = "stopped" | "killed" | "not-running" | "other-process" | "would-not-die";

function waitUntilGone(pid: number, configFile: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = () => {
      if (serverProcessState(pid, configFile) !== "running") resolve(true);
      else if (Date.now() > deadline) resolve(false);
      else setTimeout(check, 20);
    };
    check();
  });
}

/** SIGTERM, then SIGKILL if it is still running after `timeoutMs`. */
export async function stopServerProcess(
  pid: number,
  configFile: string,
  timeoutMs: number,
): Promise<StopOutcome> {
  const state = serverProcessState(pid, configFile);
  if (state === "gone") return "not-running";
  if (state === "other-process") return "other-process";
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return "not-running";
  }
  if (await waitUntilGone(pid, configFile, timeoutMs)) return "stopped";
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    return "stopped";
  }
  return (await waitUntilGone(pid, configFile, timeoutMs)) ? "killed" : "would-not-die";
}
