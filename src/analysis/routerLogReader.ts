// Streams router.jsonl (src/core/routerLog.ts) into counts: deliveries routed, dropped by reason,
// machines joined and left. Bad lines are counted; a cut last line is reported.
import { LineReader } from "./lineReader.ts";
import type { RouterSummary } from "./types.ts";

const MAX_LEFT_KEPT = 100;
const ROUTED_PREFIX = '{"type":"routed",';

export interface RouterLogResult {
  summary: RouterSummary;
  /** `at` of each `left` entry is kept raw (ms) here; the caller turns it into seconds. */
  leftAtMs: Array<number | null>;
  badLines: number;
  truncated: boolean;
}

function count(line: unknown, result: RouterLogResult): boolean {
  if (typeof line !== "object" || line === null) return false;
  const entry = line as Record<string, unknown>;
  const summary = result.summary;
  switch (entry.type) {
    case "routed":
      summary.routed++;
      return true;
    case "dropped": {
      const reason = typeof entry.reason === "string" ? entry.reason : "unknown";
      summary.dropped[reason] = (summary.dropped[reason] ?? 0) + 1;
      return true;
    }
    case "joined":
      summary.joined++;
      return true;
    case "left":
      if (summary.left.length < MAX_LEFT_KEPT) {
        summary.left.push({ id: String(entry.id), atS: null, reason: String(entry.reason ?? "") });
        result.leftAtMs.push(typeof entry.at === "number" ? entry.at : null);
      }
      return true;
    case "started":
    case "rejected":
      return true;
    default:
      return false;
  }
}

export async function readRouterLog(path: string): Promise<RouterLogResult> {
  const result: RouterLogResult = {
    summary: { present: true, routed: 0, dropped: {}, joined: 0, left: [] },
    leftAtMs: [],
    badLines: 0,
    truncated: false,
  };
  const reader = await LineReader.open(path);
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  for (;;) {
    const line = reader.nextLine();
    if (line === undefined) {
      if (await reader.fill()) continue;
      break;
    }
    if (line.length === 0) continue;
    // Most lines are "routed": count those without parsing them.
    if (line.startsWith(ROUTED_PREFIX) && line.endsWith("}")) result.summary.routed++;
    else if (!count(parse(line), result)) result.badLines++;
  }
  const rest = reader.remainder();
  if (rest.trim().length > 0 && !count(parse(rest), result)) result.truncated = true;
  return result;
}
