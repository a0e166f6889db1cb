// A run's `faults:` list read into spec.ts's FaultEntry list, with every problem found as the
// config module's plain problems (key path under `faults`, the value, what was expected), so a run
// with a bad fault is refused before anything starts. Beyond each entry's own form (parseEntry.ts)
// it checks the entry against the run: its machines exist (with "did you mean"), its window ends by
// the run's end, a partition leaves machines on both sides (a ring needs 3), and no two partitions
// can be in force at once (the network has one shape at a time).
import { nearestKey } from "../config/nearestKey.ts";
import type { ConfigProblem } from "../config/problems.ts";
import type { MachineId } from "../types.ts";
import { FAULT_SPEC_KEYS, type FaultSpec, type KindKey } from "./faultSpec.ts";
import { type EntryProblem, resolveFaultSpec } from "./parseEntry.ts";
import { secondsBounds } from "./parseModels.ts";
import type { FaultAction, FaultEntry, FaultTiming, TargetRule } from "./spec.ts";

type Path = Array<string | number>;

export interface FaultEntries {
  entries: FaultEntry[];
  problems: ConfigProblem[];
}

/** Names entry `index` for messages: a string is the file the list came from. */
export type FaultSourceOf = string | ((index: number) => string);

function sourceName(source: FaultSourceOf, index: number): string {
  if (typeof source === "function") return source(index);
  return source === "" ? `faults[${index}]` : `faults[${index}] (in ${source})`;
}

function configProblem(index: number, problem: EntryProblem): ConfigProblem {
  const path: Path = ["faults", index];
  return problem.kind === "value"
    ? { kind: "value", path: [...path, ...problem.at], value: problem.value, expected: problem.expected }
    : {
        kind: "unknownKey",
        path: [...path, problem.key],
        value: problem.value,
        allowed: [...FAULT_SPEC_KEYS],
        suggestion: problem.suggestion,
      };
}

/** The run's ids in few words: "m1 to m3", or a short list. */
export function describeIds(ids: readonly MachineId[]): string {
  const numbered = ids.every((id, i) => id === `m${i + 1}`);
  if (numbered && ids.length > 3) return `m1 to m${ids.length}`;
  if (ids.length <= 8) return ids.join(", ");
  return `${ids.slice(0, 4).join(", ")}, ..., ${ids.at(-1)}`;
}

/** The run's id nearest to `id`, unless it only differs in its number (m4 for m1 is another machine). */
function nearestId(id: MachineId, ids: readonly MachineId[]): MachineId | null {
  const guess = nearestKey(id, ids);
  if (guess === null) return null;
  const stem = (text: string) => /^(.*?)\d+$/.exec(text)?.[1];
  const sameStem = stem(id) !== undefined && stem(id) === stem(guess);
  return sameStem && id.toLowerCase() !== guess.toLowerCase() ? null : guess;
}

/** Checks one entry against the run's machines; returns its problems. */
function machineProblems(
  spec: FaultSpec,
  kindKey: KindKey,
  action: FaultAction,
  ids: readonly MachineId[],
): Array<{ at: Path; value: unknown; expected: string }> {
  const known = new Set(ids);
  const problems: Array<{ at: Path; value: unknown; expected: string }> = [];
  const unknown = (id: MachineId, at: Path) => {
    const guess = nearestId(id, ids);
    problems.push({
      at,
      value: id,
      expected: `a machine of this run (${describeIds(ids)})${guess === null ? "" : `; did you mean ${guess}?`}`,
    });
  };
  const named: MachineId[] = [];
  if (action.kind === "partition") named.push(...(action.groups ?? []).flat());
  if ("targets" in action && action.targets !== undefined && "ids" in action.targets) {
    named.push(...action.targets.ids);
  }
  if ("links" in action && action.links !== undefined && "links" in action.links) {
    for (const link of action.links.links) {
      for (const id of [link.from, link.to]) if (!known.has(id)) unknown(id, ["links"]);
    }
  }
  for (const id of new Set(named)) if (!known.has(id)) unknown(id, [kindKey]);
  if (problems.length > 0 || action.kind !== "partition") return problems;
  problems.push(...partitionSideProblems(spec, action, ids));
  return problems;
}

/** A partition must leave machines on both sides; a ring needs three machines. */
function partitionSideProblems(
  spec: FaultSpec,
  action: Extract<FaultAction, { kind: "partition" }>,
  ids: readonly MachineId[],
): Array<{ at: Path; value: unknown; expected: string }> {
  const at: Path = ["partition"];
  const value = spec.partition;
  if (action.ring === true) {
    return ids.length >= 3
      ? []
      : [{ at, value, expected: `a ring on at least 3 machines (this run has ${ids.length})` }];
  }
  if (action.groups !== undefined) {
    const named = new Set(action.groups.flat());
    const sides = action.groups.length + (ids.some((id) => !named.has(id)) ? 1 : 0);
    return sides >= 2
      ? []
      : [
          {
            at,
            value,
            expected: `at least two groups; these hold every machine of the run (${describeIds(ids)})`,
          },
        ];
  }
  const picked = pickedCount(action.targets, ids.length);
  return picked < ids.length
    ? []
    : [
        {
          at,
          value,
          expected: `a rule that leaves machines on both sides; it picks all ${ids.length} machines`,
        },
      ];
}

function pickedCount(targets: TargetRule | undefined, machines: number): number {
  if (targets === undefined || "ids" in targets) return 0;
  switch (targets.rule) {
    case "one":
      return 1;
    case "majority":
      return Math.floor(machines / 2) + 1;
    case "minority-third":
      return Math.max(1, Math.floor(machines / 3));
    case "all":
      return machines;
  }
}

function timingProblems(timing: FaultTiming, durationS: number): Array<{ at: Path; expected: string }> {
  const end = `the run's end at ${durationS} s (run.durationS)`;
  if (timing.schedule === "once") {
    if (!(timing.atS < durationS)) return [{ at: ["at"], expected: `a time before ${end}` }];
    if (timing.forS !== null && timing.atS + timing.forS > durationS) {
      const room = Number((durationS - timing.atS).toPrecision(12));
      return [
        {
          at: ["for"],
          expected: `at most ${room} s, so that the window from ${timing.atS} s ends by ${end}`,
        },
      ];
    }
    return [];
  }
  if (!(timing.startS < durationS)) return [{ at: ["from"], expected: `a time before ${end}` }];
  if (timing.untilS !== null && timing.untilS > durationS)
    return [{ at: ["until"], expected: `at most ${end}` }];
  return [];
}

/** The times a window can be in force: [from, to) in seconds. */
function span(timing: FaultTiming, durationS: number): [number, number] {
  if (timing.schedule === "once") {
    return [timing.atS, timing.forS === null ? durationS : timing.atS + timing.forS];
  }
  const last = Math.min(durationS, timing.untilS ?? durationS);
  return [
    timing.startS + secondsBounds(timing.every).minS,
    Math.min(durationS, last + secondsBounds(timing.for).maxS),
  ];
}

function spanText(timing: FaultTiming, [from, to]: [number, number]): string {
  const [fromS, toS] = [from, to].map((s) => `${Number(s.toPrecision(12))} s`);
  return timing.schedule === "once" ? `from ${fromS} to ${toS}` : `drawn between ${fromS} and ${toS}`;
}

/** Two partitions that can be in force at once: the later one is blamed, naming the earlier. */
function overlapProblems(
  partitions: Array<{ index: number; timing: FaultTiming }>,
  durationS: number,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  partitions.forEach((later, k) => {
    const laterSpan = span(later.timing, durationS);
    const earlier = partitions.slice(0, k).find((other) => {
      const otherSpan = span(other.timing, durationS);
      return otherSpan[0] < laterSpan[1] && laterSpan[0] < otherSpan[1];
    });
    if (earlier === undefined) return;
    problems.push({
      kind: "conflict",
      paths: [
        ["faults", later.index],
        ["faults", earlier.index],
      ],
      message:
        `partition ${spanText(later.timing, laterSpan)} overlaps faults[${earlier.index}]'s partition ` +
        `${spanText(earlier.timing, span(earlier.timing, durationS))}; expected one partition at a time ` +
        "(write every group in one entry, or move one window)",
    });
  });
  return problems;
}

/**
 * The entries of `faults` (a validated config's `faults:` list) for a run of the machines `ids`
 * lasting `durationS`, and every problem found. Problem paths start at `faults`, so the config's
 * own messages name them ("faults[2].at (in exp.yaml)"); `source` names each entry's FaultEntry.
 */
export function faultEntries(
  faults: readonly unknown[],
  ids: readonly MachineId[],
  durationS: number,
  source: FaultSourceOf,
): FaultEntries {
  const entries: FaultEntry[] = [];
  const problems: ConfigProblem[] = [];
  const partitions: Array<{ index: number; timing: FaultTiming }> = [];
  faults.forEach((spec, index) => {
    const resolved = resolveFaultSpec(spec);
    if (!resolved.ok) {
      problems.push(...resolved.problems.map((problem) => configProblem(index, problem)));
      return;
    }
    const { kindKey, action, timing } = resolved;
    const found = [
      ...machineProblems(spec as FaultSpec, kindKey, action, ids),
      ...timingProblems(timing, durationS).map((p) => ({
        ...p,
        value: (spec as Record<string, unknown>)[p.at[0] as string],
      })),
    ];
    if (found.length > 0) {
      problems.push(...found.map((p) => configProblem(index, { kind: "value", ...p })));
      return;
    }
    if (action.kind === "partition") partitions.push({ index, timing });
    entries.push({ action, timing, source: sourceName(source, index) });
  });
  problems.push(...overlapProblems(partitions, durationS));
  return { entries, problems };
}
