// Long-running clocklab processes for fault tests: started for real, watched through their
// output, and always stopped by process id. Each runs bin/clocklab.js (compiled dist/) with no
// Node flags from the test runner.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { createServer } from "node:net";
import { CLI_BIN } from "./cli.ts";
import { waitFor } from "./waitFor.ts";

export interface CliProcess {
  child: ChildProcess;
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited(): Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

const started = new Set<ChildProcess>();

export function startCli(args: string[]): CliProcess {
  return watch(spawn(process.execPath, [CLI_BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] }));
}

/** Like startCli, with an IPC channel to this process (as the launcher starts its children). */
export function forkCli(args: string[]): CliProcess {
  return watch(fork(CLI_BIN, args, { stdio: ["ignore", "pipe", "pipe", "ipc"], execArgv: [] }));
}

function watch(child: ChildProcess): CliProcess {
  started.add(child);
  let text = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    text += chunk;
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    text += chunk;
  });
  const exit = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => {
      started.delete(child);
      resolve(code);
    });
  });
  return {
    child,
    output: () => text,
    waitForOutput: (pattern, timeoutMs = 15_000) =>
      waitFor(
        () => text.match(pattern) ?? undefined,
        `output matching ${pattern}\n--- output so far ---\n${text}`,
        timeoutMs,
      ),
    exited: () => exit,
    kill: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, signal);
    },
  };
}

/** Stops every process a test started that is still running (for afterAll/afterEach). */
export function killAllStarted(): void {
  for (const child of started)
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, "SIGKILL");
  started.clear();
}

/** A TCP port that was free a moment ago (for a router that must come back on the same port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
