// What each fault did, in plain words, from its measures: a partition's spread and the heal's jump,
// a clock fault's hybrid clock, a pause's queue, a crash's down time, lost queue and catch-up jump,
// and for the network kinds what they dropped. Plain strings; the caller escapes them.
import type {
  ClockEffect,
  ClockMachineEffect,
  CrashEffect,
  FaultAnalysis,
  PartitionEffect,
  PauseEffect,
  RunAnalysis,
} from "../analysis/index.ts";
import { formatMaybeWhole, formatMs, formatNumber, formatSeconds, plural } from "./format.ts";
import { HLC_AHEAD_NOTE_MS } from "./hlcObservation.ts";

const set = (ids: readonly string[]) => `{${ids.join(", ")}}`;
const signed = (n: number) => `${n >= 0 ? "+" : "−"}${formatNumber(Math.abs(n))}`;
/** A time or length as a user writes it: "15 s", "2.5 s", "1.25 s". */
const seconds = (s: number) =>
  `${formatNumber(s, Number.isInteger(s) ? 0 : Number.isInteger(s * 10) ? 1 : 2)} s`;
const runTime = (ms: number) => seconds(ms / 1000);

/** "f1 (partition {m1} | {m2, m3}, messages dropped; 10 s to 25 s into the run)" */
function named(fault: FaultAnalysis): string {
  return `${fault.id} (${fault.description}; ${runTime(fault.fromMs)} to ${runTime(fault.toMs)} into the run)`;
}

function partitionText(fault: FaultAnalysis, p: PartitionEffect): string {
  const length = seconds((fault.toMs - fault.fromMs) / 1000);
  const sides =
    fault.groups === null ? "each machine and all but its neighbours" : fault.groups.map(set).join(" | ");
  let text = `During the ${length} partition ${fault.id} (${sides})`;
  if (p.spreadPeak === null) return `${text} no machine had an event.`;
  const before =
    p.spreadBefore === null ? "" : ` (at most ${formatNumber(p.spreadBefore)} in the seconds before)`;
  if (p.spreadBefore !== null && p.spreadPeak <= p.spreadBefore)
    text += ` the spread between them stayed within its level before: at most ${formatNumber(p.spreadPeak)}${before}.`;
  else
    text += ` the spread between them grew from ${formatNumber(p.spreadAtStart)} to ${formatNumber(p.spreadPeak)}${before}.`;
  const dropped = fault.phases.during.dropsByReason.partition ?? 0;
  if (dropped > 0) text += ` It dropped ${plural(dropped, "delivery", "deliveries")}.`;
  if (p.recoveryMs === 0) text += " At the heal the spread was already back within that level.";
  else if (p.recoveryMs !== null)
    text += ` ${formatSeconds(p.recoveryMs / 1000)} after the heal it was back to ${formatNumber(p.spreadAtRecovery)}.`;
  else if (fault.phases.after.events > 0)
    text += ` It was not back within ${formatNumber(p.spreadBefore)} by the end of the run (${formatNumber(p.spreadAtHeal)} at the heal).`;
  for (const r of p.healReceives) {
    if (r.machine === null) {
      text += ` No machine of ${set(r.side)} received a message from across after the heal.`;
      continue;
    }
    const when = r.atS === null ? "" : `, ${formatSeconds(Math.max(0, r.atS - fault.endS))} after the heal`;
    text += ` ${r.machine}'s first receive from across after the heal (from ${r.from}${when}) jumped ${signed(r.jump ?? 0)}`;
    if (r.jumpMax !== null && r.jumpMax > (r.jump ?? 0) && r.jumpMaxAtS !== null)
      text +=
        `; the largest jump on that side before the spread recovered was ${signed(r.jumpMax)} (${r.jumpMaxMachine},` +
        ` ${formatSeconds(Math.max(0, r.jumpMaxAtS - fault.endS))} after the heal)`;
    text += ".";
  }
  return text;
}

/** Whether the HLC caught up only once the fault's window had ended (a step undone at its end). */
function caughtUpAtEnd(m: ClockMachineEffect, fault: FaultAnalysis): boolean {
  if (m.caughtUpMs === null || m.aheadFromS === null) return false;
  return m.aheadFromS + m.caughtUpMs / 1000 >= fault.endS - 1e-9;
}

function hlcText(m: ClockMachineEffect, own: boolean, fault: FaultAnalysis): string {
  const whose = own ? `${m.machine}'s own clock` : "its own clock";
  if (m.hlcAheadMsMax === null) return `${m.machine} had no event with a hybrid clock after it.`;
  if (m.aheadFromS === null)
    return `${m.machine}'s hybrid clock (HLC) followed its own clock: it ran no further ahead than before (at most ${formatMaybeWhole(m.hlcAheadMsMax)} ms).`;
  let text =
    `${m.machine}'s hybrid clock (HLC) ran up to ${formatMaybeWhole(m.hlcAheadMsMax)} ms ahead of ${whose}` +
    ` (at most ${formatMaybeWhole(m.hlcAheadMsBefore ?? 0)} ms before)`;
  if (m.hlcLogicalMax !== null && m.hlcLogicalMax > 0)
    text += `: it held its wall time and counted logical ticks, up to ${formatNumber(m.hlcLogicalMax)}`;
  if (m.hlcOffTrueMsMax !== null)
    text += `, and was never more than ${formatMs(m.hlcOffTrueMsMax)} from true time`;
  text +=
    m.caughtUpMs === null
      ? `. It had not caught up with its own clock by the end (${formatMaybeWhole(m.hlcAheadMsAtEnd)} ms ahead at its last event).`
      : caughtUpAtEnd(m, fault)
        ? `. It was back with its own clock only when the fault's window ended, ${formatSeconds(m.caughtUpMs / 1000)} after it first ran ahead.`
        : `. It caught up with its own clock ${formatSeconds(m.caughtUpMs / 1000)} after it first ran ahead.`;
  return text;
}

function clockText(fault: FaultAnalysis, c: ClockEffect): string {
  const parts = [`Clock fault ${named(fault)}:`];
  for (const m of c.targets) parts.push(hlcText(m, true, fault));
  const other = c.mostAffectedOther;
  if (other !== null && other.hlcAheadMsMax !== null && other.hlcAheadMsMax >= HLC_AHEAD_NOTE_MS)
    parts.push(
      `Of the machines whose clock it did not change, ${other.machine}'s HLC was pulled furthest ahead: ` +
        `${formatMaybeWhole(other.hlcAheadMsMax)} ms ahead of its own clock, by messages carrying the faulted time.`,
    );
  return parts.join(" ");
}

function pauseText(fault: FaultAnalysis, p: PauseEffect): string {
  const length = seconds((fault.toMs - fault.fromMs) / 1000);
  return p.machines
    .map((m) => {
      let text = `During the ${length} pause ${fault.id} ${m.machine} did not tick while its queue kept filling`;
      if (m.queueAtResume === null) return `${text}; it had no event after it.`;
      text += `: it found ${plural(m.queueAtResume, "message")} when it resumed (at most ${formatNumber(m.queueBefore ?? 0)} in the seconds before)`;
      text +=
        m.drainMs === null
          ? ", and its queue was not back to that by the end of the run."
          : `, and took ${formatSeconds(m.drainMs / 1000)} after the pause to drain back to ${formatNumber(m.queueBefore ?? 0)}.`;
      return text;
    })
    .join(" ");
}

function crashText(fault: FaultAnalysis, c: CrashEffect, analysis: RunAnalysis): string {
  return c.machines
    .map((m) => {
      let text = `${m.machine} crashed in ${named(fault)}`;
      const last =
        m.lastEventBeforeS === null ? "" : ` (its last event at ${formatSeconds(m.lastEventBeforeS)})`;
      if (m.backAtS === null || m.downMs === null) text += ` and never came back${last}.`;
      else
        text += ` and was down ${formatSeconds(m.downMs / 1000)}${last}, back at ${formatSeconds(m.backAtS)}.`;
      if (m.lostWithQueue !== null)
        text += ` ${plural(m.lostWithQueue, "delivery", "deliveries")} routed to it ${m.lostWithQueue === 1 ? "was" : "were"} lost with its queue.`;
      if (m.backAtS !== null && m.lamportAfterRestart !== null)
        text += ` It restarted with Lamport ${formatNumber(m.lamportAfterRestart)} (${formatNumber(m.lamportBefore)} before the crash).`;
      if (m.catchUpJump !== null) {
        const ordinary = analysis.metrics.machines[m.machine]?.jumpMax ?? null;
        text +=
          ` Its first receive after the restart${m.catchUpFrom === null ? "" : ` (from ${m.catchUpFrom})`} was a catch-up jump of ${signed(m.catchUpJump)}:` +
          ` it learned at once what it had missed. It is counted apart from its ordinary jumps` +
          `${ordinary === null ? "" : ` (largest ordinary jump ${signed(ordinary)})`}.`;
      }
      return text;
    })
    .join(" ");
}

function otherText(fault: FaultAnalysis): string {
  const during = fault.phases.during;
  const reasons = Object.entries(during.dropsByReason)
    .map(([reason, n]) => `${reason} ${formatNumber(n)}`)
    .join(", ");
  const drops =
    during.drops > 0
      ? ` ${plural(during.drops, "delivery", "deliveries")} were dropped during it (${reasons}).`
      : "";
  return `Fault ${named(fault)}.${drops}`;
}

function launcherText(fault: FaultAnalysis): string {
  if (fault.launcher.length === 0) return "";
  const actions = fault.launcher.map(
    (a) =>
      `${a.action} ${a.machine}${a.atS === null ? "" : ` at ${formatSeconds(a.atS)}`}${a.detail ? ` (${a.detail})` : ""}`,
  );
  return ` The launcher: ${actions.join("; ")}.`;
}

/** One paragraph per fault. */
export function faultNarrative(fault: FaultAnalysis, analysis: RunAnalysis): string {
  const effect = fault.effect;
  let text: string;
  switch (effect?.kind) {
    case "partition":
      text = partitionText(fault, effect);
      break;
    case "clock":
      text = clockText(fault, effect);
      break;
    case "pause":
      text = pauseText(fault, effect);
      break;
    case "crash":
      text = crashText(fault, effect, analysis);
      break;
    default:
      text = otherText(fault);
  }
  return text + launcherText(fault);
}
