// The timeline of one live run, from launch to exit, for the start-up benchmark: when the command
// was started and exited (measured here), when its first and summary lines came out (stdout is
// timestamped as it arrives), and from the run directory when the router was listening
// (run.json createdAt), the last machine said hello, t0, the planned end and the recorded end.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Child, startChild, stopChild } from "./processes.ts";

export interface LiveTimeline {
  exitCode: number | null;
  /** Epoch ms of each moment; NaN when it never happened. */
  launchedAt: number;
  routerListeningAt: number;
  lastHelloAt: number;
  t0: number;
  endAt: number;
  endRecordedAt: number;
  /** The first line of the summary table (all processes have exited, analysis is done). */
  summaryAt: number;
  exitedAt: number;
  stderr: string;
}

interface RouterLine {
  type: string;
  at: number;
  endAt?: number;
}

/** Runs `command args` in `cwd` to its end (killed by pid after `timeoutMs`) and reads `runDir`. */
export async function liveTimeline(
  command: string,
  args: string[],
  cwd: string,
  runDir: string,
  timeoutMs: number,
): Promise<LiveTimeline> {
  const previousDir = process.cwd();
  process.chdir(cwd); // startChild starts it in the current directory
  const launchedAt = Date.now();
  let child: Child;
  try {
    child = startChild(command, args, "live run", true, true);
  } finally {
    process.chdir(previousDir);
  }
  const lineTimes: Array<[number, string]> = [];
  child.process.stdout?.on("data", () => {
    const now = Date.now();
    while (lineTimes.length < child.lines.length) lineTimes.push([now, child.lines[lineTimes.length]!]);
  });
  const overrun = setTimeout(() => void stopChild(child), timeoutMs);
  let exitCode: number | null = null;
  try {
    exitCode = await child.exited;
  } finally {
    clearTimeout(overrun);
    await stopChild(child);
  }
  const exitedAt = Date.now();
  const info = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8")) as {
    createdAt: string;
    t0: number | null;
    endedAt: string | null;
  };
  const routerLines = readFileSync(join(runDir, "router.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.startsWith('{"type":"joined"') || line.startsWith('{"type":"started"'))
    .map((line) => JSON.parse(line) as RouterLine);
  const hellos = routerLines.filter((line) => line.type === "joined").map((line) => line.at);
  const started = routerLines.find((line) => line.type === "started");
  const summary = lineTimes.find(([, line]) => /^Run .* \(live, seed/.test(line));
  return {
    exitCode,
    launchedAt,
    routerListeningAt: Date.parse(info.createdAt),
    lastHelloAt: hellos.length === 0 ? Number.NaN : Math.max(...hellos),
    t0: info.t0 ?? Number.NaN,
    endAt: started?.endAt ?? Number.NaN,
    endRecordedAt: info.endedAt === null ? Number.NaN : Date.parse(info.endedAt),
    summaryAt: summary?.[0] ?? Number.NaN,
    exitedAt,
    stderr: child.stderrText.join(""),
  };
}
