// One drawn fault window in a line of plain words, for the schedule printed at the start of a
// run: "f1  10.0 s to 25.0 s  partition {m1} | {m2, m3}, messages dropped".
import type { FaultWindow } from "./schedule.ts";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const set = (ids: readonly string[]) => `{${ids.join(", ")}}`;

export function describeWindow(window: FaultWindow): string {
  return `${window.id}  ${seconds(window.fromMs)} to ${seconds(window.toMs)}  ${what(window)}`;
}

function what(window: FaultWindow): string {
  const action = window.action;
  const links = (selection: { all: true } | { links: Array<{ from: string; to: string }> } | undefined) =>
    selection === undefined || "all" in selection
      ? "every link"
      : selection.links.map((l) => `${l.from}>${l.to}`).join(", ");
  switch (action.kind) {
    case "partition": {
      const groups =
        action.ring === true
          ? "a ring (each machine reaches its neighbours only)"
          : (window.groups ?? []).map(set).join(" | ");
      const way = action.oneWay === true ? ", one way" : "";
      return `partition ${groups}${way}, messages ${action.mode === "hold" ? "held until it heals" : "dropped"}`;
    }
    case "latency":
      return `latency ${action.latency.distribution} on ${links(action.links)}`;
    case "loss":
      return action.loss.model === "bernoulli"
        ? `loss ${(action.loss.probability * 100).toFixed(1)}% on ${links(action.links)}`
        : `bursty loss on ${links(action.links)}`;
    case "duplicate":
      return `duplication ${(action.probability * 100).toFixed(1)}% on ${links(action.links)}`;
    case "reorder":
      return `reordering ${(action.probability * 100).toFixed(1)}% by up to ${action.maxDelayMs} ms on ${links(action.links)}`;
    case "slow-link":
      return `slow link +${action.extraMs} ms on ${links(action.links)}`;
    case "clock": {
      const change =
        action.stepMs !== undefined
          ? `steps ${action.stepMs > 0 ? "+" : ""}${action.stepMs} ms`
          : action.driftPpm !== undefined
            ? `drifts ${action.driftPpm > 0 ? "+" : ""}${action.driftPpm} ppm more`
            : action.strobe !== undefined
              ? `strobes ±${action.strobe.amplitudeMs} ms every ${action.strobe.periodMs} ms`
              : `swings ±${action.periodic?.amplitudeMs ?? 0} ms over ${action.periodic?.periodMs ?? 0} ms`;
      return `clock of ${set(window.targets)} ${change}`;
    }
    case "pause":
      return `pause ${set(window.targets)}`;
    case "crash":
      return `crash ${set(window.targets)}${action.restart === "never" ? ", no restart" : `, restart with clocks from ${action.restart}`}`;
  }
}
