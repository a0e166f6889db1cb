// Times short commands for the start-up benchmark: wall time from spawn to exit, measured here,
// and the peak resident memory from GNU time (`/usr/bin/time -f %M`, kB). Commands are run
// interleaved (A B C A B C ...), so a burst of load on the shared host hits every row alike.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { percentile, sorted } from "./stats.ts";

const GNU_TIME = "/usr/bin/time";
const MARKER = "__clocklab_max_rss_kb";

export interface CommandToTime {
  label: string;
  command: string;
  args: string[];
}

export interface CommandTimes {
  label: string;
  wallMs: number[];
  maxRssMb: number[];
}

export interface CommandSummary {
  label: string;
  medianWallMs: number;
  medianMaxRssMb: number;
  maxRssMb: number;
}

/** Whether peak memory can be measured (GNU time is installed). */
export const canMeasureRss = existsSync(GNU_TIME);

function timeOnce(entry: CommandToTime): Promise<{ wallMs: number; maxRssMb: number }> {
  const [command, args] = canMeasureRss
    ? [GNU_TIME, ["-f", `${MARKER} %M`, entry.command, ...entry.args]]
    : [entry.command, entry.args];
  return new Promise((resolve, reject) => {
    const startedMs = performance.now();
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - startedMs;
      if (code !== 0) {
        reject(new Error(`${entry.label}: exited with ${code}\n${stderr.slice(-2000)}`));
        return;
      }
      const match = new RegExp(`${MARKER} (\\d+)`).exec(stderr);
      resolve({ wallMs, maxRssMb: match === null ? Number.NaN : Number(match[1]) / 1024 });
    });
  });
}

/** Runs every command `repetitions` times, interleaved, after one unmeasured warm-up round. */
export async function timeCommands(entries: CommandToTime[], repetitions: number): Promise<CommandTimes[]> {
  const times = entries.map((entry) => ({
    label: entry.label,
    wallMs: [] as number[],
    maxRssMb: [] as number[],
  }));
  for (const entry of entries) await timeOnce(entry);
  for (let round = 0; round < repetitions; round++) {
    for (const [index, entry] of entries.entries()) {
      const sample = await timeOnce(entry);
      times[index]!.wallMs.push(sample.wallMs);
      times[index]!.maxRssMb.push(sample.maxRssMb);
    }
  }
  return times;
}

export function median(samples: number[]): number {
  return percentile(sorted(samples), 50);
}

export function summarize(times: CommandTimes): CommandSummary {
  return {
    label: times.label,
    medianWallMs: median(times.wallMs),
    medianMaxRssMb: median(times.maxRssMb),
    maxRssMb: Math.max(...times.maxRssMb),
  };
}
