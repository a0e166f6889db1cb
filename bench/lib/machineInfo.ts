// One line that says what a benchmark ran on: cores, CPU model, memory, kernel, Node, date.
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, release, totalmem } from "node:os";

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (match !== null) return match[1]!.trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? "unknown CPU";
}

export function describeMachine(): string {
  const memoryGb = (totalmem() / 1024 ** 3).toFixed(0);
  return `${availableParallelism()} x ${cpuModel()}, ${memoryGb} GB RAM, Linux ${release()}, Node ${process.version}`;
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The 1-minute load average, to show how busy the shared machine was around a measurement. */
export function loadAverage(): string {
  return loadavg()[0]!.toFixed(1);
}
