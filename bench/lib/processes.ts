// Child processes for benchmarks: start one, wait for the JSON line it prints when ready, and stop
// it by its pid (SIGTERM, then SIGKILL after a grace), always, from a finally block.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

export interface Child {
  process: ChildProcess;
  pid: number;
  /** Every stdout line so far. */
  lines: string[];
  /** Stderr text, when captured instead of echoed. */
  stderrText: string[];
  exited: Promise<number | null>;
}

/** Starts a child; its stderr is echoed with a label, dropped (`quiet`) or kept (`capture`). */
export function startChild(
  command: string,
  args: string[],
  label: string,
  quiet = false,
  capture = false,
): Child {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", quiet && !capture ? "ignore" : "pipe"] });
  if (child.pid === undefined) throw new Error(`${label}: could not start ${command}`);
  const lines: string[] = [];
  const stderrText: string[] = [];
  let pending = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (text: string) => {
    pending += text;
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    lines.push(...parts);
  });
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (text: string) => {
    if (capture) stderrText.push(text);
    else process.stderr.write(`[${label}] ${text}`);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { process: child, pid: child.pid, lines, stderrText, exited };
}

/** Starts a TypeScript script with tsx in a child Node process. */
export function startTsChild(script: string, args: string[], label: string, nodeFlags: string[] = []): Child {
  return startChild(process.execPath, [...nodeFlags, "--import", "tsx", script, ...args], label);
}

/** Waits for the first stdout line that parses as JSON, or fails if the child exits or times out. */
export async function waitForJsonLine<T>(child: Child, label: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    for (const line of child.lines) {
      if (line.startsWith("{")) return JSON.parse(line) as T;
    }
    if (exited) throw new Error(`${label} exited before it was ready`);
    await sleep(20);
  }
  throw new Error(`${label} was not ready within ${timeoutMs} ms`);
}

/** Stops a child by pid: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopChild(child: Child, graceMs = 5000): Promise<number | null> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return child.exited;
  try {
    process.kill(child.pid, "SIGTERM");
  } catch {
    return child.exited;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }, graceMs);
  const code = await child.exited;
  clearTimeout(timer);
  return code;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
