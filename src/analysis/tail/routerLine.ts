// Classifies one router.jsonl line for the live view: drops (with their reason) and fault
// window marks matter; the other known types are noted; unknown types are tolerated and counted
// by type, so lines added by newer versions (held deliveries, ...) never break the view. The
// NATS hosts' send logs (edges/) use the same shapes, plus the books' link losses.
import { DROPPED_BY_RECEIVER } from "../messageFates.ts";

export type RouterRecord =
  | { type: "dropped"; at: number | null; reason: string; count: number }
  | {
      type: "fault";
      at: number;
      phase: "start" | "end";
      fault: string;
      kind: string;
      targets: string[];
    }
  | { type: "known"; at: number | null }
  | { type: "other"; at: number | null; name: string };

const KNOWN_TYPES = new Set([
  "joined",
  "left",
  "started",
  "resumed",
  "routed",
  "rejected",
  "part",
  "transport",
  "link-lost",
  "link-unreconciled",
  "refused",
]);
const MAX_TEXT_CHARS = 100;
const MAX_TARGETS = 1000;

function text(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value === "") return fallback;
  return value.length > MAX_TEXT_CHARS ? value.slice(0, MAX_TEXT_CHARS) : value;
}

function time(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The line's meaning, or null when it is not JSON or has no type (a corrupt line). */
export function parseRouterLine(line: string): RouterRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const entry = value as Record<string, unknown>;
  if (typeof entry.type !== "string") return null;
  const at = time(entry.at);
  if (entry.type === "dropped")
    return { type: "dropped", at, reason: text(entry.reason, "unknown"), count: 1 };
  // Under NATS a receiver's books name what a link lost, and a delivery it took apart.
  if (entry.type === "link-lost" && typeof entry.lost === "number" && entry.lost > 0)
    return { type: "dropped", at, reason: text(entry.reason, "nats-lost"), count: Math.min(entry.lost, 1e9) };
  if (entry.type === "refused" && typeof entry.messageId === "string")
    return { type: "dropped", at, reason: DROPPED_BY_RECEIVER, count: 1 };
  if (entry.type === "fault") {
    const phase = entry.phase;
    if (at === null || (phase !== "start" && phase !== "end")) return null;
    const targets = Array.isArray(entry.targets)
      ? entry.targets
          .filter((target): target is string => typeof target === "string")
          .slice(0, MAX_TARGETS)
          .map((target) => text(target, "?"))
      : [];
    return {
      type: "fault",
      at,
      phase,
      fault: text(entry.fault, "fault"),
      kind: text(entry.kind, "fault"),
      targets,
    };
  }
  if (KNOWN_TYPES.has(entry.type)) return { type: "known", at };
  return { type: "other", at, name: text(entry.type, "?") };
}
