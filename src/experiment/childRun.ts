// One run of an experiment as a child process: `clocklab simulate` (sim) or `clocklab run` (live)
// with the run's complete config (sent over the IPC channel). The child gets its own process
// group, so a Ctrl-C reaches it once, from the experiment, which forwards it; its output is kept
// (the tail) for error messages.
import type { ChildProcess } from "node:child_process";
import { startClocklabChild } from "../runtime/clocklabChild.ts";
import type { RunSpec } from "./plan.ts";
import type { ExperimentMode } from "./schema.ts";

const OUTPUT_TAIL_CHARS = 4000;

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last few thousand characters of its stdout and stderr. */
  output: string;
  wallClockS: number;
}

export interface ChildRun {
  readonly spec: RunSpec;
  readonly startedMs: number;
  done: Promise<ChildOutcome>;
  signal(signal: NodeJS.Signals): void;
}

/** The command and flags; the config itself (run.name and run.logDir included) goes over IPC. */
function childArgs(mode: ExperimentMode): string[] {
  return mode === "sim" ? ["simulate", "--quiet", "--yes"] : ["run"];
}

export function startChildRun(spec: RunSpec, mode: ExperimentMode): ChildRun {
  const startedMs = performance.now();
  const child: ChildProcess = startClocklabChild(childArgs(mode), spec.config, {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const keep = (text: string) => {
    output = (output + text).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.setEncoding("utf8").on("data", keep);
  child.stderr?.setEncoding("utf8").on("data", keep);
  const done = new Promise<ChildOutcome>((resolve) => {
    child.on("error", (error) => {
      keep(`\n${error.message}`);
    });
    child.on("close", (code, signal) => {
      resolve({ code, signal, output, wallClockS: (performance.now() - startedMs) / 1000 });
    });
  });
  return {
    spec,
    startedMs,
    done,
    signal(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}
