// Samples the CPU time and peak memory of a process and all its descendants from /proc (Linux),
// so a benchmark can say what the router and the client processes of a run cost.
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcessUsage {
  pid: number;
  label: string;
  cpuSeconds: number;
  peakRssMb: number;
  /** Every sample: epoch ms and CPU seconds so far (for the CPU of a part of the run). */
  samples: Array<{ atMs: number; cpuSeconds: number }>;
}

/**
 * CPU of a process between two epoch times, as a share of one core (0.01 = 1%): from the first
 * sample at or after `fromMs` to the last at or before `toMs`; NaN if fewer than two fall inside.
 */
export function cpuShareBetween(usage: ProcessUsage, fromMs: number, toMs: number): number {
  const inside = usage.samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs);
  const first = inside[0];
  const last = inside.at(-1);
  if (first === undefined || last === undefined || last.atMs <= first.atMs) return Number.NaN;
  return (last.cpuSeconds - first.cpuSeconds) / ((last.atMs - first.atMs) / 1000);
}

/** CPU seconds (user + system, all threads) one process has used so far; NaN if it is gone. */
export function processCpuSeconds(pid: number): number {
  const stat = readStat(pid);
  return stat === null ? Number.NaN : stat.cpuTicks / CLOCK_TICKS_PER_SECOND;
}

function readStat(pid: number): { ppid: number; cpuTicks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function readPeakRssMb(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match === null ? 0 : Number(match[1]) / 1024;
  } catch {
    return 0;
  }
}

function readLabel(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

export class ProcessTreeSampler {
  readonly #rootPid: number;
  readonly #usage = new Map<number, ProcessUsage>();
  #timer: NodeJS.Timeout | null = null;

  constructor(rootPid: number) {
    this.#rootPid = rootPid;
  }

  start(intervalMs = 500): void {
    this.sample();
    this.#timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): ProcessUsage[] {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    return [...this.#usage.values()];
  }

  sample(): void {
    const atMs = Date.now();
    const parents = new Map<number, number>();
    const stats = new Map<number, number>();
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      const stat = readStat(Number(name));
      if (stat === null) continue;
      parents.set(Number(name), stat.ppid);
      stats.set(Number(name), stat.cpuTicks);
    }
    const inTree = (pid: number): boolean => {
      for (let p = pid, depth = 0; p > 1 && depth < 16; p = parents.get(p) ?? 0, depth++) {
        if (p === this.#rootPid) return true;
      }
      return false;
    };
    for (const [pid, cpuTicks] of stats) {
      if (!inTree(pid)) continue;
      const known = this.#usage.get(pid);
      const peakRssMb = Math.max(known?.peakRssMb ?? 0, readPeakRssMb(pid));
      const cpuSeconds = cpuTicks / CLOCK_TICKS_PER_SECOND;
      const samples = known?.samples ?? [];
      samples.push({ atMs, cpuSeconds });
      this.#usage.set(pid, { pid, label: known?.label || readLabel(pid), cpuSeconds, peakRssMb, samples });
    }
  }
}
