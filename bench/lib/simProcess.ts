// One whole `node bin/clocklab.js simulate ...` process, as a user runs it: its wall time, its CPU
// time and the events it simulated (run.json's sim.totals.events). The CPU time is what the kernel
// charged to this process's waited-for children (/proc/self/stat cutime + cstime) across the run,
// so run one at a time.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startChild } from "./processes.ts";

const BIN = join(import.meta.dirname, "..", "..", "bin", "clocklab.js");
/** Linux's USER_HZ: /proc times are in 1/100 s. */
const CLOCK_TICKS_PER_S = 100;

export interface SimMeasurement {
  events: number;
  wallS: number;
  cpuS: number;
}

/** CPU seconds used by this process's children that have been waited for. */
function childrenCpuS(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 16 and 17 of stat (cutime, cstime) are 14 and 15 after the name's closing parenthesis.
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_S;
}

/** Runs `clocklab simulate ARGS --log-dir DIR --name NAME` and reads what it did from run.json. */
export async function runSimulate(
  args: readonly string[],
  logDir: string,
  name: string,
  nodeFlags: readonly string[] = [],
): Promise<SimMeasurement> {
  const cpuBeforeS = childrenCpuS();
  const startedMs = performance.now();
  const child = startChild(
    process.execPath,
    [...nodeFlags, BIN, "simulate", ...args, "--log-dir", logDir, "--name", name],
    name,
    false,
    true,
  );
  const code = await child.exited;
  const wallS = (performance.now() - startedMs) / 1000;
  if (code !== 0)
    throw new Error(`${name}: clocklab simulate exited with ${code}: ${child.stderrText.join("")}`);
  const runJson = JSON.parse(readFileSync(join(logDir, name, "run.json"), "utf8")) as {
    sim: { totals: { events: number } };
  };
  return { events: runJson.sim.totals.events, wallS, cpuS: childrenCpuS() - cpuBeforeS };
}
