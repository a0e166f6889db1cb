// Runs `clocklab run` (router + client processes, as a user would) as a child process for the tick
// and scale benchmarks, samples the CPU and memory of its process tree, and returns the run
// directory. The child is stopped by pid if it overruns or the benchmark fails.
import { join } from "node:path";
import { type Child, startChild, stopChild } from "./processes.ts";
import { ProcessTreeSampler, type ProcessUsage } from "./processTree.ts";

const BIN = join(import.meta.dirname, "..", "..", "bin", "clocklab.js");

export interface LiveRunOptions {
  name: string;
  logDir: string;
  durationS: number;
  /** Further flags for `clocklab run`, e.g. ["--machines", "3"]. */
  flags: string[];
}

export interface LiveRunResult {
  runDir: string;
  exitCode: number | null;
  wallSeconds: number;
  /** The `clocklab run` process itself (launcher: progress, status relay, summary). */
  launcher: ProcessUsage | null;
  router: ProcessUsage | null;
  clients: ProcessUsage[];
  /** The child's stderr (warnings and errors), for diagnosis. */
  stderr: string;
}

export async function liveRun(options: LiveRunOptions): Promise<LiveRunResult> {
  const args = [
    BIN,
    "run",
    "--port",
    "0",
    "--seed",
    "7",
    "--name",
    options.name,
    "--log-dir",
    options.logDir,
  ];
  args.push("--duration", String(options.durationS), ...options.flags);
  const startedMs = performance.now();
  const child: Child = startChild(process.execPath, args, options.name, true, true);
  const sampler = new ProcessTreeSampler(child.pid);
  sampler.start();
  const overrun = setTimeout(() => void stopChild(child), (options.durationS + 90) * 1000);
  let exitCode: number | null = null;
  try {
    exitCode = await child.exited;
  } finally {
    clearTimeout(overrun);
    await stopChild(child);
  }
  const usage = sampler.stop();
  return {
    runDir: join(options.logDir, options.name),
    exitCode,
    wallSeconds: (performance.now() - startedMs) / 1000,
    stderr: child.stderrText.join(""),
    launcher: usage.find((u) => u.pid === child.pid) ?? null,
    router: usage.find((u) => / router( |$)/.test(u.label)) ?? null,
    clients: usage.filter((u) => u.label.includes(" client ")),
  };
}
