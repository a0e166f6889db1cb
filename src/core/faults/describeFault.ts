// A fault in one line of plain words, for the schedule printed at a run's start, run summaries and
// reports: "partition {m1} | {m2, m3} from 10 s for 15 s, messages dropped". describeFault says
// what an entry asks for (rules such as "one machine" stay rules); describeFaultWindow says what one
// drawn occurrence does (its machines and times made concrete).
import type { MachineId } from "../types.ts";
import type {
  FaultAction,
  FaultEntry,
  FaultTiming,
  LatencyModel,
  LinkSelection,
  LossModel,
  SecondsDistribution,
  TargetRule,
} from "./spec.ts";

/** A number as few digits as it needs: 12.3456789 -> "12.346", 10 -> "10". */
function short(value: number): string {
  return String(Number(value.toFixed(3)));
}

export function formatSeconds(seconds: number): string {
  return seconds !== 0 && Math.abs(seconds) < 1 ? `${short(seconds * 1000)} ms` : `${short(seconds)} s`;
}

export function formatMs(ms: number): string {
  return Math.abs(ms) >= 1000 ? `${short(ms / 1000)} s` : `${short(ms)} ms`;
}

const signed = (text: string, value: number) => (value > 0 ? `+${text}` : text);

const percent = (p: number) => `${short(p * 100)}%`;

function group(ids: readonly MachineId[]): string {
  return `{${ids.join(", ")}}`;
}

function describeRule(rule: TargetRule): string {
  if ("ids" in rule) return rule.ids.join(", ");
  switch (rule.rule) {
    case "one":
      return "one machine (drawn)";
    case "majority":
      return "a majority of the machines (drawn)";
    case "minority-third":
      return "a third of the machines (drawn)";
    case "all":
      return "every machine";
  }
}

function describeLinks(links: LinkSelection | undefined): string {
  if (links === undefined || "all" in links) return "on every link";
  return `on ${links.links.map((link) => `${link.from}>${link.to}`).join(", ")}`;
}

function describeLatency(latency: LatencyModel): string {
  switch (latency.distribution) {
    case "constant":
      return `latency ${formatMs(latency.meanMs)}`;
    case "uniform":
      return `latency ${formatMs(latency.minMs)} to ${formatMs(latency.maxMs)} (uniform)`;
    case "exponential":
      return `latency ${formatMs(latency.meanMs)} on average (exponential)`;
    case "lognormal":
      return `latency lognormal, median ${formatMs(latency.medianMs)}, sigma ${short(latency.sigma)}`;
    case "pareto":
      return `latency pareto, at least ${formatMs(latency.scaleMs)}, alpha ${short(latency.alpha)}`;
  }
}

function describeLoss(loss: LossModel): string {
  if (loss.model === "bernoulli") return `loss of ${percent(loss.probability)} of messages`;
  return (
    `bursty loss (a link turns bad with ${percent(loss.toBad)} per message and ` +
    `good again with ${percent(loss.toGood)}; it loses ${percent(loss.lossWhenBad)} when bad, ` +
    `${percent(loss.lossWhenGood)} when good)`
  );
}

function describeDistribution(distribution: SecondsDistribution): string {
  switch (distribution.distribution) {
    case "constant":
      return formatSeconds(distribution.seconds);
    case "uniform":
      return `${formatSeconds(distribution.minS)} to ${formatSeconds(distribution.maxS)} (uniform)`;
    case "exponential":
      return `~${formatSeconds(distribution.meanS)} (exponential)`;
  }
}

/** When an entry is in force, in words: "from 10 s for 15 s", "every ~20 s (exponential) for 5 s". */
export function describeTiming(timing: FaultTiming): string {
  if (timing.schedule === "once") {
    if (timing.forS === null)
      return timing.atS === 0 ? "for the whole run" : `from ${formatSeconds(timing.atS)} to the end`;
    return `from ${formatSeconds(timing.atS)} for ${formatSeconds(timing.forS)}`;
  }
  const from = timing.startS > 0 ? ` from ${formatSeconds(timing.startS)}` : "";
  const until = timing.untilS === null ? "" : ` until ${formatSeconds(timing.untilS)}`;
  return `every ${describeDistribution(timing.every)} for ${describeDistribution(timing.for)}${from}${until}`;
}

/** What a partition cuts, given its groups and the machines named in none of them. */
function describeGroups(
  groups: readonly MachineId[][],
  rest: readonly MachineId[] | "rest" | null,
  oneWay: boolean,
): string {
  const parts = groups.map(group);
  if (rest === "rest") parts.push("the rest");
  else if (rest !== null && rest.length > 0) parts.push(group(rest));
  return oneWay ? `${parts[0]} -> ${parts.slice(1).join(" | ")}` : parts.join(" | ");
}

/** The machines a partition's groups leave out: exact when the run's ids are known. */
function restOf(
  groups: readonly MachineId[][],
  ids: readonly MachineId[] | undefined,
): MachineId[] | "rest" | null {
  if (ids === undefined) return groups.length === 1 ? "rest" : null;
  const named = new Set(groups.flat());
  return ids.filter((id) => !named.has(id));
}

/** A clock step happens at an instant (and is undone at the window's end, if it has one). */
function describeStepTiming(timing: FaultTiming): string {
  if (timing.schedule === "once") {
    const at = `at ${formatSeconds(timing.atS)}`;
    return timing.forS === null ? at : `${at}, and back at ${formatSeconds(timing.atS + timing.forS)}`;
  }
  const from = timing.startS > 0 ? ` from ${formatSeconds(timing.startS)}` : "";
  const until = timing.untilS === null ? "" : ` until ${formatSeconds(timing.untilS)}`;
  return `every ${describeDistribution(timing.every)}, and back after ${describeDistribution(timing.for)}${from}${until}`;
}

function isStep(action: FaultAction): boolean {
  return action.kind === "clock" && action.stepMs !== undefined;
}

/** The action in words, split around the timing: [what it is, what follows the timing]. */
function describeAction(
  action: FaultAction,
  drawn?: { targets: readonly MachineId[]; groups: readonly MachineId[][] | null },
  ids?: readonly MachineId[],
): [string, string] {
  const who = (rule: TargetRule) => (drawn === undefined ? describeRule(rule) : drawn.targets.join(", "));
  switch (action.kind) {
    case "partition": {
      const oneWay = action.oneWay === true;
      const how = `, messages ${action.mode === "hold" ? "held until it heals" : "dropped"}${oneWay ? " (one way)" : ""}`;
      if (action.ring === true) return ["ring partition (each machine reaches only its neighbours)", how];
      if (drawn?.groups) return [`partition ${describeGroups(drawn.groups, null, oneWay)}`, how];
      if (action.groups !== undefined) {
        return [`partition ${describeGroups(action.groups, restOf(action.groups, ids), oneWay)}`, how];
      }
      const side = action.targets === undefined ? "nobody" : describeRule(action.targets);
      return [`partition ${oneWay ? `${side} -> the rest` : `${side} | the rest`}`, how];
    }
    case "latency":
      return [`${describeLatency(action.latency)} ${describeLinks(action.links)}`, ""];
    case "loss":
      return [`${describeLoss(action.loss)} ${describeLinks(action.links)}`, ""];
    case "duplicate":
      return [`duplication of ${percent(action.probability)} of messages ${describeLinks(action.links)}`, ""];
    case "reorder":
      return [
        `reordering: ${percent(action.probability)} of messages held back up to ${formatMs(action.maxDelayMs)} ${describeLinks(action.links)}`,
        " (per-link FIFO given up)",
      ];
    case "slow-link":
      return [`slow link, +${formatMs(action.extraMs)} ${describeLinks(action.links)}`, ""];
    case "clock":
      return [`clock of ${who(action.targets)} ${describeClockChange(action)}`, ""];
    case "pause":
      return [`pause of ${who(action.targets)}`, ", queue still filling"];
    case "crash": {
      const restart = {
        log: ", restarted with its clocks from its log",
        zero: ", restarted with its clocks from zero",
        never: ", not restarted",
      }[action.restart];
      return [`crash of ${who(action.targets)}`, restart];
    }
  }
}

function describeClockChange(action: Extract<FaultAction, { kind: "clock" }>): string {
  if (action.stepMs !== undefined) {
    return `steps ${action.stepMs < 0 ? "back" : "forward"} ${formatMs(Math.abs(action.stepMs))}`;
  }
  if (action.driftPpm !== undefined)
    return `drifts ${signed(short(action.driftPpm), action.driftPpm)} ppm more`;
  if (action.strobe !== undefined) {
    const { amplitudeMs, periodMs } = action.strobe;
    return `strobes between +${formatMs(amplitudeMs)} and -${formatMs(amplitudeMs)} every ${formatMs(periodMs)}`;
  }
  if (action.periodic !== undefined) {
    const { amplitudeMs, periodMs } = action.periodic;
    return `swings by up to ±${formatMs(amplitudeMs)} with a period of ${formatMs(periodMs)}`;
  }
  return "changes";
}

/**
 * One entry in a line: "partition {m1} | {m2, m3} from 10 s for 15 s, messages dropped". With the
 * run's `ids`, a partition's unnamed machines are listed; without, they are "the rest".
 */
export function describeFault(
  entry: Pick<FaultEntry, "action" | "timing">,
  ids?: readonly MachineId[],
): string {
  const [what, how] = describeAction(entry.action, undefined, ids);
  const when = isStep(entry.action) ? describeStepTiming(entry.timing) : describeTiming(entry.timing);
  return `${what} ${when}${how}`;
}

/** One drawn occurrence (the shape of schedule.ts's windows), with its machines and times. */
export interface DrawnFault {
  action: FaultAction;
  fromMs: number;
  toMs: number;
  targets: MachineId[];
  groups: MachineId[][] | null;
}

/** One drawn occurrence in a line: "crash of m2 from 12.4 s for 3.1 s, restarted ...". */
export function describeFaultWindow(window: DrawnFault): string {
  const [what, how] = describeAction(window.action, window);
  const fromS = window.fromMs / 1000;
  const forS = (window.toMs - window.fromMs) / 1000;
  const when = isStep(window.action)
    ? `at ${formatSeconds(fromS)}, and back at ${formatSeconds(window.toMs / 1000)}`
    : `from ${formatSeconds(fromS)} for ${formatSeconds(forS)}`;
  return `${what} ${when}${how}`;
}
