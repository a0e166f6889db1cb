// Observations in plain words, drawn from the numbers of a RunAnalysis: who was fastest and who
// fell behind (and by how much), where a queue grew, the largest jump and when, what happened to
// the messages, whether causality held, how far a hybrid clock ran ahead of its own clock, which
// faults the run had, and which machines restarted after a crash (their catch-up jumps apart from
// the ordinary ones). Plain strings; the caller escapes them.
import type { MachineMetrics, RunAnalysis } from "../analysis/index.ts";
import { fatesAddUp, fatesLine } from "./fates.ts";
import { formatMs, formatNumber, formatSeconds, plural } from "./format.ts";
import { hlcAheadObservation } from "./hlcObservation.ts";

type Entry = { id: string; m: MachineMetrics };

function extreme(
  entries: Entry[],
  value: (e: Entry) => number | null,
  pick: "max" | "min",
): Entry | undefined {
  let best: Entry | undefined;
  let bestValue = 0;
  for (const e of entries) {
    const v = value(e);
    if (v === null) continue;
    if (best === undefined || (pick === "max" ? v > bestValue : v < bestValue)) {
      best = e;
      bestValue = v;
    }
  }
  return best;
}

function speeds(analysis: RunAnalysis, entries: Entry[]): string | null {
  const fastest = extreme(entries, (e) => e.m.ticksPerSecond, "max");
  const slowest = extreme(entries, (e) => e.m.ticksPerSecond, "min");
  if (fastest === undefined || slowest === undefined) return null;
  const head = `The run lasted ${formatSeconds(analysis.durationS)} with ${plural(entries.length, "machine")}.`;
  if (fastest === slowest)
    return `${head} ${fastest.id} ran at ${formatNumber(fastest.m.ticksPerSecond, 2)} ticks/s.`;
  const ratio = (fastest.m.ticksPerSecond ?? 0) / (slowest.m.ticksPerSecond ?? 1);
  const configured = (id: string) => {
    const speed = analysis.run.configuredSpeeds[id];
    return speed === undefined ? "" : `, configured ${formatNumber(speed, Number.isInteger(speed) ? 0 : 2)}`;
  };
  return (
    `${head} ${fastest.id} was the fastest (${formatNumber(fastest.m.ticksPerSecond, 2)} ticks/s${configured(fastest.id)}), ` +
    `${slowest.id} the slowest (${formatNumber(slowest.m.ticksPerSecond, 2)} ticks/s${configured(slowest.id)}, ` +
    `${formatNumber(ratio, 1)}× slower).`
  );
}

function fellBehind(analysis: RunAnalysis, entries: Entry[]): string | null {
  const ahead = extreme(entries, (e) => e.m.lamportFinal, "max");
  const behind = extreme(entries, (e) => e.m.lamportFinal, "min");
  if (ahead === undefined || behind === undefined || entries.length < 2) return null;
  const gap = (ahead.m.lamportFinal ?? 0) - (behind.m.lamportFinal ?? 0);
  const run = analysis.metrics.run;
  const spread =
    run.spreadMax === null
      ? ""
      : ` Across the run the spread between the highest and lowest Lamport value peaked at ` +
        `${formatNumber(run.spreadMax)}${analysis.spreadMaxAtS === null ? "" : ` (at ${formatSeconds(analysis.spreadMaxAtS)})`}` +
        ` and ended at ${formatNumber(run.spreadFinal)}.`;
  if (gap === 0)
    return `All machines ended at the same Lamport value (${formatNumber(ahead.m.lamportFinal)}).${spread}`;
  return (
    `${behind.id} fell behind: it ended at Lamport ${formatNumber(behind.m.lamportFinal)}, ` +
    `${formatNumber(gap)} below ${ahead.id} (${formatNumber(ahead.m.lamportFinal)}).${spread}`
  );
}

function queueGrowth(analysis: RunAnalysis, entries: Entry[]): string | null {
  const worst = extreme(entries, (e) => e.m.queueMax, "max");
  if (worst === undefined) return null;
  const max = worst.m.queueMax ?? 0;
  if (max <= 1) return `No queue built up: every machine kept up with its messages (largest queue: ${max}).`;
  const details = analysis.machines.find((d) => d.id === worst.id);
  const threshold = Math.max(2, Math.ceil(max / 4));
  const start = (analysis.series.queue[worst.id] ?? []).find((p) => p.value >= threshold);
  const parts = [`${worst.id}'s queue grew the most`];
  if (start !== undefined) {
    // The bin's middle may lie past the peak when the peak is what crossed the threshold.
    const firstS = Math.min(start.tS, details?.queueMaxAtS ?? Number.POSITIVE_INFINITY);
    parts.push(`: it first held ${threshold} or more messages around ${formatSeconds(firstS)}`);
  }
  parts.push(
    `, peaked at ${plural(max, "message")}${details?.queueMaxAtS == null ? "" : ` at ${formatSeconds(details.queueMaxAtS)}`}`,
  );
  if (details?.queueFinal != null)
    parts.push(` and still held ${formatNumber(details.queueFinal)} at its last event`);
  let text = `${parts.join("")}.`;
  if (worst.m.transitMsMean !== null) {
    text +=
      ` Messages to ${worst.id} took ${formatMs(worst.m.transitMsMean)} on average from send to receive` +
      ` (longest ${formatMs(worst.m.transitMsMax)}).`;
  }
  return text;
}

function largestJump(analysis: RunAnalysis, entries: Entry[]): string | null {
  const top = extreme(entries, (e) => e.m.jumpMax, "max");
  if (top === undefined) return null;
  const size = top.m.jumpMax ?? 0;
  if (size <= 1)
    return "No Lamport jumps: every step was +1, so no machine learned of a later time from a message.";
  const d = analysis.machines.find((m) => m.id === top.id);
  const when = d?.jumpMaxAtS == null ? "" : ` at ${formatSeconds(d.jumpMaxAtS)}`;
  const values =
    d?.jumpMaxFromLamport == null
      ? ""
      : ` (from ${formatNumber(d.jumpMaxFromLamport)} to ${formatNumber(d.jumpMaxFromLamport + size)})`;
  const cause =
    d?.jumpMaxCause?.type === "RECEIVE" && d.jumpMaxCause.from !== null
      ? `, on receiving a message from ${d.jumpMaxCause.from}`
      : "";
  const frequent = extreme(
    entries,
    (e) => (e.m.events > 1 ? e.m.jumpsOver1 / (e.m.events - 1) : null),
    "max",
  );
  let text = `The largest Lamport jump was +${formatNumber(size)} on ${top.id}${when}${values}${cause}.`;
  if (frequent !== undefined && frequent.m.jumpsOver1 > 0) {
    const share = frequent.m.jumpsOver1 / (frequent.m.events - 1);
    text +=
      ` Jumps were most frequent on ${frequent.id}: ${formatNumber(frequent.m.jumpsOver1)} of its ` +
      `${formatNumber(frequent.m.events - 1)} steps (${formatNumber(share * 100, 0)}%) were above 1.`;
  }
  return text;
}

function faultsSummary(analysis: RunAnalysis): string | null {
  const n = analysis.faults.length;
  if (n === 0) return null;
  const named = analysis.faults
    .slice(0, 6)
    .map((f) => `${f.id} ${f.kind}`)
    .join(", ");
  return (
    `The run had ${plural(n, "fault window")} (${named}${n > 6 ? ", …" : ""}): the Faults section says what each ` +
    "did, and the charts shade them."
  );
}

function restartsObservation(analysis: RunAnalysis): string | null {
  const restarted = analysis.machines.filter((m) => m.restarts.length > 0);
  if (restarted.length === 0) return null;
  return restarted
    .slice(0, 5)
    .map((m) => {
      const times = m.restarts.length === 1 ? "once" : `${formatNumber(m.restarts.length)} times`;
      let text = `${m.id} restarted ${times} after a crash (down ${formatSeconds(m.downS)} in all, left out of its tick rate).`;
      if (m.catchUpJumpMax !== null) {
        const ordinary = analysis.metrics.machines[m.id]?.jumpMax ?? null;
        text +=
          ` Its first receive after a restart was a catch-up jump of +${formatNumber(m.catchUpJumpMax)}, counted apart` +
          ` from its ordinary jumps${ordinary === null ? "" : ` (largest +${formatNumber(ordinary)})`}.`;
      }
      return text;
    })
    .join(" ");
}

function messages(analysis: RunAnalysis): string {
  const run = analysis.metrics.run;
  let text = `Every delivery asked for (a broadcast counts once per destination) had one fate: ${fatesLine(run)}.`;
  const lost = Object.values(run.lost).reduce((sum, n) => sum + n, 0);
  if (lost > 0) {
    text +=
      ` ${plural(lost, "delivery", "deliveries")} ${lost === 1 ? "was" : "were"} lost without a drop line; ` +
      `the logs say why: ${Object.entries(run.lost)
        .map(([cause, n]) => `${formatNumber(n)} ${cause}`)
        .join("; ")}.`;
  }
  if (!fatesAddUp(run)) text += " The fates do not add up to what was sent: a log is incomplete.";
  for (const left of analysis.router.left.slice(0, 5)) {
    text += ` ${left.id} left${left.atS === null ? "" : ` at ${formatSeconds(left.atS)}`} (${left.reason}).`;
  }
  return text;
}

function causality(analysis: RunAnalysis): string {
  const violations = analysis.metrics.run.causalityViolations;
  const skipped =
    analysis.vectorChecksSkipped > 0
      ? ` (${plural(analysis.vectorChecksSkipped, "vector check")} could not be made: the SEND was not found first)`
      : "";
  if (violations === 0) {
    const vectors =
      analysis.vectorChecksMade > 0
        ? `, and vector clocks were consistent (${plural(analysis.vectorChecksMade, "receive")} checked against the sender's SEND)`
        : "";
    return `No causality violations: every receive's Lamport value was above the message's${vectors}${skipped}.`;
  }
  return (
    `${plural(violations, "causality violation")}: receives whose Lamport value was not above the message's, or ` +
    `whose vector clock did not dominate the sender's${skipped}. A run produced by clocklab should have none; ` +
    "the logs may be incomplete or edited."
  );
}

export function observations(analysis: RunAnalysis): string[] {
  const entries = analysis.machineIds
    .map((id) => ({ id, m: analysis.metrics.machines[id]! }))
    .filter((e) => e.m.events > 0);
  if (entries.length === 0) return ["The run has no events to analyse."];
  const out = [
    faultsSummary(analysis),
    speeds(analysis, entries),
    fellBehind(analysis, entries),
    queueGrowth(analysis, entries),
    largestJump(analysis, entries),
    restartsObservation(analysis),
    messages(analysis),
    causality(analysis),
    hlcAheadObservation(analysis),
  ].filter((s): s is string => s !== null);
  for (const file of analysis.truncatedFiles) {
    out.push(`The last line of ${file} was cut off: the run was stopped mid-write. That line was ignored.`);
  }
  return out;
}
