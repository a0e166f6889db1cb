// Everything the fault analysis needs before the events' pass: the windows (run.json, else
// router.jsonl's fault lines), the run's start, the drops per phase, the launcher's actions and
// every machine's down intervals (a second pass over router.jsonl, made only for a run with faults
// or with a machine that lost its connection). Null when the run has neither: plain runs pay nothing.
import { downIntervals, RouterDownRecord } from "./downIntervals.ts";
import { FaultAnalyzer } from "./faultAnalyzer.ts";
import { type AnalysisFaultWindow, FaultLineWindows, windowsFromRunInfo } from "./faultWindows.ts";
import { RestartDetector } from "./restartDetector.ts";
import { scanRouterLog } from "./routerFaultScan.ts";

export interface FaultInput {
  info: Record<string, unknown> | null;
  routerLog: string | null;
  /** Whether the router's record (first pass) says a machine's connection was lost. */
  connectionLost: boolean;
  ids: string[];
  participates: boolean[];
  /** The run's first event (ms, true time), the start of last resort; null when there is none. */
  firstEventMs: number | null;
  warnings: string[];
}

export interface PreparedFaults {
  analyzer: FaultAnalyzer;
  windows: AnalysisFaultWindow[];
  restarts: RestartDetector;
  runStartMs: number;
}

type LauncherLine = { machine: string; action: string; atMs: number; detail: string | null };

/** The windows from router.jsonl's fault lines, and the run's t0 from its started line. */
async function windowsFromLines(
  path: string,
): Promise<{ lines: FaultLineWindows; startMs: number | null; lastAtMs: number }> {
  const lines = new FaultLineWindows();
  let startMs: number | null = null;
  let lastAtMs = Number.NEGATIVE_INFINITY;
  await scanRouterLog(path, {
    started: (line) => {
      startMs ??= line.t0;
    },
    fault: (line) => {
      lines.line(line);
      lastAtMs = Math.max(lastAtMs, line.at);
    },
    dropped: (line) => {
      lastAtMs = Math.max(lastAtMs, line.at);
    },
  });
  return { lines, startMs, lastAtMs };
}

export async function prepareFaults(input: FaultInput): Promise<PreparedFaults | null> {
  const { info, routerLog, warnings } = input;
  let windows = windowsFromRunInfo(info, warnings);
  const t0 = info?.t0;
  let runStartMs: number | null = typeof t0 === "number" && Number.isFinite(t0) ? t0 : null;
  if (windows === null && routerLog === null) return null;
  if (windows !== null && windows.length === 0 && !input.connectionLost) return null;
  if (routerLog !== null && (windows === null || runStartMs === null)) {
    const found = await windowsFromLines(routerLog);
    runStartMs ??= found.startMs;
    if (windows === null && found.lines.count > 0) {
      const start = runStartMs ?? input.firstEventMs ?? 0;
      windows = found.lines.windows(start, Math.max(found.lastAtMs, start));
    }
  }
  windows ??= [];
  if (windows.length === 0 && !input.connectionLost) return null;
  if (runStartMs === null) {
    runStartMs = input.firstEventMs ?? 0;
    if (windows.length > 0)
      warnings.push("the run's start (t0) is not recorded: fault windows are placed from its first event");
  }
  return prepareWith(input, windows, runStartMs);
}

async function prepareWith(
  input: FaultInput,
  windows: AnalysisFaultWindow[],
  runStartMs: number,
): Promise<PreparedFaults> {
  const crashes = input.connectionLost || windows.some((w) => w.kind === "crash");
  const routerDown = new RouterDownRecord(crashes);
  const launcher = new Map<string, LauncherLine[]>();
  const analyzer = new FaultAnalyzer({
    windows,
    runStartMs,
    ids: input.ids,
    participates: input.participates,
    launcher,
  });
  if (input.routerLog !== null) {
    await scanRouterLog(input.routerLog, {
      dropped: (line) => analyzer.drop(line.at, line.reason),
      left: (line) => routerDown.left(line.id, line.at, line.reason),
      joined: (line) => {
        if (line.rejoin) routerDown.joined(line.id, line.at);
      },
      processFault: (line) => {
        const list = launcher.get(line.fault) ?? [];
        list.push({ machine: line.machine, action: line.action, atMs: line.at, detail: line.detail ?? null });
        launcher.set(line.fault, list);
      },
      ...(crashes ? { routed: (line: { to: string }) => routerDown.routed(line.to) } : {}),
    });
  }
  const down = downIntervals(windows, runStartMs, routerDown.finish());
  analyzer.setDownIntervals(down);
  return { analyzer, windows, restarts: new RestartDetector(input.ids, down), runStartMs };
}
