// A run's fault entries made concrete: every occurrence of every entry as a window of the run's
// time (ms after t0) with its machines picked. Everything drawn here (when a generator fires, for
// how long, which machine "one" means) comes from one stream, deriveSeed(seed, "faults"), taken in
// entry order, so the same seed and config give the same schedule in the simulator, in the router
// and in the launcher. Windows are clipped to the run.
import { createRandom, deriveSeed, type RandomSource } from "../random.ts";
import type { MachineId } from "../types.ts";
import type { FaultAction, FaultEntry, FaultKind, SecondsDistribution, TargetRule } from "./spec.ts";

export interface FaultWindow {
  /** "f1", "f2", ... in drawing order: how router.jsonl's fault lines name it. */
  id: string;
  kind: FaultKind;
  /** ms after t0. */
  fromMs: number;
  toMs: number;
  /** The machines it hits (for a partition: the first group; empty for faults on links). */
  targets: MachineId[];
  /** For a partition: every group, each machine in exactly one (none for a ring). */
  groups: MachineId[][] | null;
  action: FaultAction;
  source: string;
}

/** The kinds the router applies to deliveries (the rest act on machines). */
export const NETWORK_KINDS: ReadonlySet<FaultKind> = new Set([
  "partition",
  "latency",
  "loss",
  "duplicate",
  "reorder",
  "slow-link",
]);

/** Most occurrences one generator may make: a guard against `every: 0.001s`. */
const MAX_OCCURRENCES = 100_000;

export function drawFaultSchedule(
  entries: readonly FaultEntry[],
  seed: number,
  ids: readonly MachineId[],
  durationMs: number,
): FaultWindow[] {
  const random = createRandom(deriveSeed(seed, "faults"));
  const windows: FaultWindow[] = [];
  for (const entry of entries) {
    for (const [fromMs, toMs] of occurrences(entry, random, durationMs)) {
      const action = entry.action;
      const picked =
        "targets" in action && action.targets !== undefined ? pick(action.targets, ids, random) : [];
      const groups = action.kind === "partition" ? partitionGroups(action, picked, ids) : null;
      const targets =
        action.kind === "partition" ? (action.ring === true ? [...ids] : (groups?.[0] ?? [])) : picked;
      windows.push({
        id: `f${windows.length + 1}`,
        kind: action.kind,
        fromMs,
        toMs,
        targets,
        groups,
        action,
        source: entry.source,
      });
    }
  }
  return windows;
}

function occurrences(entry: FaultEntry, random: RandomSource, durationMs: number): Array<[number, number]> {
  const timing = entry.timing;
  if (timing.schedule === "once") {
    const fromMs = Math.min(durationMs, timing.atS * 1000);
    const toMs = timing.forS === null ? durationMs : Math.min(durationMs, fromMs + timing.forS * 1000);
    return [[fromMs, toMs]];
  }
  const out: Array<[number, number]> = [];
  const untilMs = Math.min(durationMs, (timing.untilS ?? Number.POSITIVE_INFINITY) * 1000);
  let atMs = timing.startS * 1000;
  while (out.length < MAX_OCCURRENCES) {
    atMs += draw(timing.every, random) * 1000;
    if (!(atMs < untilMs)) break;
    const lengthMs = draw(timing.for, random) * 1000;
    const toMs = Math.min(durationMs, atMs + lengthMs);
    out.push([atMs, toMs]);
    // The next occurrence of the same entry starts after this one is over.
    atMs = toMs;
  }
  return out;
}

function draw(distribution: SecondsDistribution, random: RandomSource): number {
  switch (distribution.distribution) {
    case "constant":
      return distribution.seconds;
    case "uniform":
      return distribution.minS + (distribution.maxS - distribution.minS) * random.float();
    case "exponential":
      return -distribution.meanS * Math.log(1 - random.float());
  }
}

/** The machines a rule picks, in id order; drawn rules take a fresh draw per occurrence. */
function pick(rule: TargetRule, ids: readonly MachineId[], random: RandomSource): MachineId[] {
  if ("ids" in rule) return [...rule.ids];
  const count =
    rule.rule === "one"
      ? 1
      : rule.rule === "majority"
        ? Math.floor(ids.length / 2) + 1
        : rule.rule === "minority-third"
          ? Math.max(1, Math.floor(ids.length / 3))
          : ids.length;
  if (count >= ids.length) return [...ids];
  // A partial Fisher-Yates shuffle over indices: `count` distinct machines.
  const indices = ids.map((_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = random.int(i, indices.length - 1);
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return indices
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => ids[i]!);
}

/** A partition's groups: as given (machines not named form one more group), or targets | the rest. */
function partitionGroups(
  action: Extract<FaultAction, { kind: "partition" }>,
  targets: MachineId[],
  ids: readonly MachineId[],
): MachineId[][] | null {
  if (action.ring === true) return null;
  const given = action.groups ?? [targets];
  const named = new Set(given.flat());
  const rest = ids.filter((id) => !named.has(id));
  const groups = given.map((group) => [...group]).filter((group) => group.length > 0);
  if (rest.length > 0) groups.push(rest);
  return groups;
}
