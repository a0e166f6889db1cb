// The fault windows of a run, as the analysis reads them: from run.json's `faults` (every window the
// seed drew, with its action), or, when run.json has none to give, from router.jsonl's `fault`
// lines (a start and an end per window; what the lines do not say is left out). Times stay as the
// run records them: ms after the run's t0.
import { describeWindow } from "../../core/faults/describeWindow.ts";
import type { FaultWindow } from "../../core/faults/schedule.ts";
import type { FaultAction } from "../../core/faults/spec.ts";

export interface AnalysisFaultWindow {
  id: string;
  kind: string;
  /** ms after the run's t0. */
  fromMs: number;
  toMs: number;
  targets: string[];
  /** A partition's groups (each machine in one); null for other kinds and for a ring. */
  groups: string[][] | null;
  /** The drawn action (null when only router.jsonl's fault lines tell of the window). */
  action: FaultAction | null;
  source: string;
  /** The window in plain words, as the schedule printed at the run's start says it. */
  description: string;
}

const isText = (value: unknown): value is string => typeof value === "string";
const isTexts = (value: unknown): value is string[] => Array.isArray(value) && value.every(isText);
const isTime = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/** One window of run.json's `faults`, or null if it is not one. */
function readWindow(value: unknown): AnalysisFaultWindow | null {
  if (typeof value !== "object" || value === null) return null;
  const w = value as Record<string, unknown>;
  if (!isText(w.id) || !isText(w.kind) || !isTime(w.fromMs) || !isTime(w.toMs)) return null;
  const targets = isTexts(w.targets) ? w.targets : [];
  const groups = Array.isArray(w.groups) && w.groups.every(isTexts) ? (w.groups as string[][]) : null;
  const action =
    typeof w.action === "object" && w.action !== null && (w.action as { kind?: unknown }).kind === w.kind
      ? (w.action as FaultAction)
      : null;
  const source = isText(w.source) ? w.source : "";
  const window: AnalysisFaultWindow = {
    id: w.id,
    kind: w.kind,
    fromMs: w.fromMs,
    toMs: Math.max(w.fromMs, w.toMs),
    targets,
    groups,
    action,
    source,
    description: "",
  };
  window.description = describe(window);
  return window;
}

/** The windows of run.json's `faults`; null when run.json has no such list (an older run, none). */
export function windowsFromRunInfo(
  info: Record<string, unknown> | null,
  warnings: string[],
): AnalysisFaultWindow[] | null {
  const faults = info?.faults;
  if (!Array.isArray(faults)) return null;
  const out: AnalysisFaultWindow[] = [];
  let bad = 0;
  for (const value of faults) {
    const window = readWindow(value);
    if (window === null) bad++;
    else out.push(window);
  }
  if (bad > 0) warnings.push(`run.json: ${bad} fault windows were not readable and were left out`);
  return out.sort((a, b) => a.fromMs - b.fromMs || compareFaultIds(a.id, b.id));
}

/** "f2" before "f10". */
export function compareFaultIds(a: string, b: string): number {
  const n = (id: string) => Number(/^f(\d+)$/.exec(id)?.[1] ?? Number.NaN);
  const na = n(a);
  const nb = n(b);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(window: AnalysisFaultWindow): string {
  if (window.action !== null) {
    // describeWindow's line starts with the id and the times; the analysis shows those itself.
    try {
      const line = describeWindow(window as unknown as FaultWindow);
      const what = line.split("  ").slice(2).join("  ");
      if (what !== "") return what;
    } catch {
      // An action of another shape (an older or newer run.json): said from its kind below.
    }
  }
  const set = (ids: readonly string[]) => `{${ids.join(", ")}}`;
  if (window.kind === "partition" && window.groups !== null)
    return `partition ${window.groups.map(set).join(" | ")}`;
  return window.targets.length > 0 ? `${window.kind} ${set(window.targets)}` : window.kind;
}

interface FaultLine {
  at: number;
  phase: string;
  fault: string;
  kind: string;
  targets: string[];
  groups?: string[];
  source: string;
}

/**
 * Pairs router.jsonl's fault lines into windows (a start without an end lasts to the run's end,
 * given to `windows`). `runStartMs` turns the lines' times into ms after t0.
 */
export class FaultLineWindows {
  readonly #open = new Map<string, FaultLine>();
  readonly #closed: Array<{ start: FaultLine; endAt: number | null }> = [];

  line(line: FaultLine): void {
    if (line.phase === "start") this.#open.set(line.fault, line);
    else if (line.phase === "end") {
      const start = this.#open.get(line.fault);
      this.#open.delete(line.fault);
      this.#closed.push({ start: start ?? { ...line, at: Number.NaN }, endAt: line.at });
    }
  }

  get count(): number {
    return this.#open.size + this.#closed.length;
  }

  windows(runStartMs: number, runEndMs: number): AnalysisFaultWindow[] {
    const all = [...this.#closed, ...[...this.#open.values()].map((start) => ({ start, endAt: null }))];
    const out = all.map(({ start, endAt }): AnalysisFaultWindow => {
      const fromAt = Number.isNaN(start.at) ? runStartMs : start.at;
      const window: AnalysisFaultWindow = {
        id: start.fault,
        kind: start.kind,
        fromMs: fromAt - runStartMs,
        toMs: Math.max(fromAt, endAt ?? runEndMs) - runStartMs,
        targets: start.targets,
        groups: start.groups?.map((group) => group.split(",").filter((id) => id !== "")) ?? null,
        action: null,
        source: start.source,
        description: "",
      };
      window.description = describe(window);
      return window;
    });
    return out.sort((a, b) => a.fromMs - b.fromMs || compareFaultIds(a.id, b.id));
  }
}
