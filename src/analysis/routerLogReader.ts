// Streams router.jsonl into counts and into the fate ledger: deliveries routed and dropped (by
// reason, per sender and destination), machines joined and left, the end of the run, and what
// the router recorded about losses (cut-off slow consumers, sends that never arrived, a restart
// after a crash). Bad lines are counted; a cut last line is reported.
import { readRouterLine } from "../core/logFormat/routerLine.ts";
import { LineReader } from "./lineReader.ts";
import { leftWithLostConnection } from "./lostConnection.ts";
import type { FateLedger } from "./messageFates.ts";
import type { RouterSummary } from "./types.ts";

const MAX_LEFT_KEPT = 100;

export interface RouterLogResult {
  summary: RouterSummary;
  /** `at` of each `left` entry is kept raw (ms) here; the caller turns it into seconds. */
  leftAtMs: Array<number | null>;
  /** The `ended` line: how the router says the run ended (null: it never said, e.g. it was killed). */
  ended: { status: string; reason: string } | null;
  /** A restarted router took the run up: an earlier router was killed. */
  resumed: boolean;
  badLines: number;
  truncated: boolean;
  /** Under NATS: what the machines' connections went through (from the hosts' part logs). */
  transport: { disconnects: number; reconnects: number; slowConsumers: number };
}

export function emptyRouterLogResult(): RouterLogResult {
  return {
    summary: { present: true, routed: 0, dropped: {}, joined: 0, left: [] },
    leftAtMs: [],
    ended: null,
    resumed: false,
    badLines: 0,
    truncated: false,
    transport: { disconnects: 0, reconnects: 0, slowConsumers: 0 },
  };
}

const text = (value: unknown) => (typeof value === "string" ? value : null);

function count(line: unknown, result: RouterLogResult, ledger: FateLedger): boolean {
  if (typeof line !== "object" || line === null) return false;
  const entry = line as Record<string, unknown>;
  const summary = result.summary;
  switch (entry.type) {
    case "routed": {
      const from = text(entry.from);
      const to = text(entry.to);
      if (from === null || to === null) return false;
      if (entry.duplicate !== true) summary.routed++;
      ledger.routed(from, to, entry.duplicate === true);
      return true;
    }
    case "dropped": {
      const reason = text(entry.reason) ?? "unknown";
      const from = text(entry.from);
      if (from === null) return false;
      summary.dropped[reason] = (summary.dropped[reason] ?? 0) + 1;
      ledger.dropped(from, text(entry.to), reason);
      return true;
    }
    case "joined":
      summary.joined++;
      return true;
    case "left": {
      const id = String(entry.id);
      const reason = String(entry.reason ?? "");
      if (leftWithLostConnection(reason)) ledger.connectionLost(id);
      if (summary.left.length < MAX_LEFT_KEPT) {
        summary.left.push({ id, atS: null, reason });
        result.leftAtMs.push(typeof entry.at === "number" ? entry.at : null);
      }
      return true;
    }
    case "cut-off":
      ledger.cutOff(String(entry.id));
      return true;
    case "lost-sends": {
      const from = text(entry.from);
      const first = entry.firstSeq;
      const last = entry.lastSeq;
      if (from === null || typeof first !== "number" || typeof last !== "number") return false;
      ledger.sendGap(from, first, last, text(entry.cause) ?? "sent into a connection that was already lost");
      return true;
    }
    case "held-at-end": {
      const from = text(entry.from);
      if (from === null) return false;
      ledger.heldAtEnd(from);
      return true;
    }
    case "resumed":
      result.resumed = true;
      return true;
    case "link-lost": {
      const to = text(entry.to);
      const lost = entry.lost;
      if (to === null || typeof lost !== "number") return false;
      const reason = text(entry.reason) ?? "nats-lost";
      if (lost > 0) summary.dropped[reason] = (summary.dropped[reason] ?? 0) + lost;
      ledger.linkLost(to, lost, reason);
      return true;
    }
    case "link-unreconciled": {
      const to = text(entry.to);
      if (to === null) return false;
      ledger.linkUnreconciled(to);
      return true;
    }
    case "refused": {
      const to = text(entry.to);
      if (to === null) return false;
      // Only a delivery the receiver took apart is a fate; other payloads were never messages.
      if (typeof entry.messageId === "string") ledger.refusedByReceiver(to);
      return true;
    }
    case "transport":
      if (entry.event === "disconnected") result.transport.disconnects++;
      if (entry.event === "reconnected") result.transport.reconnects++;
      if (entry.event === "slow-consumer") result.transport.slowConsumers++;
      return true;
    case "part":
      ledger.sendersRouteTheirSends();
      return true;
    case "ended":
      result.ended = { status: String(entry.status), reason: String(entry.reason ?? "") };
      if (typeof entry.at === "number" && Number.isFinite(entry.at)) ledger.runEnded(entry.at);
      return true;
    case "done": {
      const id = text(entry.id);
      if (id !== null) ledger.machineDone(id);
      return true;
    }
    case "started":
    case "rejected":
    case "fault":
      return true;
    default:
      // A line type this version does not know is not an error: newer routers may write more.
      return typeof entry.type === "string";
  }
}

/**
 * Reads one router log (router.jsonl, or a host's part log under NATS, in the same format) into
 * `result`, so that a run's logs add up in one result.
 */
export async function readRouterLog(
  path: string,
  ledger: FateLedger,
  result: RouterLogResult = emptyRouterLogResult(),
): Promise<RouterLogResult> {
  const reader = await LineReader.open(path);
  try {
    for (;;) {
      const line = reader.nextLine();
      if (line === undefined) {
        if (await reader.fill()) continue;
        break;
      }
      if (line.length === 0) continue;
      // The fast decoder made from the line tables, else JSON.parse checked against them.
      if (!count(readRouterLine(line), result, ledger)) result.badLines++;
    }
    const rest = reader.remainder();
    if (rest.trim().length > 0 && !count(readRouterLine(rest), result, ledger)) result.truncated = true;
  } finally {
    await reader.close();
  }
  return result;
}
