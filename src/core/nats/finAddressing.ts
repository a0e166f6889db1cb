// Where a sender's closing counts (its fin) go at the end of a run over NATS. A fin is only needed
// by a machine the sender published to: a sender that broadcast anything publishes one fin on its
// broadcast subject (every peer had broadcasts from it to reconcile); any other sender publishes,
// on each destination's own subject, a fin holding just that destination's counts. So the end of
// a run costs one fin per link actually used, not one per pair of machines: at 1,000 machines a
// broadcast fin from everyone was a million messages and half of them came too late.
import type { FinCounts } from "../router/senderEdge.ts";
import type { MachineId } from "../types.ts";
import type { FinMessage } from "./messages.ts";

export type FinAddress =
  | { kind: "broadcast"; fin: FinMessage }
  | { kind: "direct"; to: MachineId; fin: FinMessage };

export function finAddresses(from: MachineId, counts: FinCounts): FinAddress[] {
  if (counts.all > 0) return [{ kind: "broadcast", fin: { type: "fin", from, ...counts } }];
  const destinations = new Set([...Object.keys(counts.to), ...Object.keys(counts.copies)]);
  return [...destinations].map((to) => {
    const fin: FinMessage = { type: "fin", from, all: 0, to: {}, copies: {} };
    if (counts.to[to] !== undefined) fin.to[to] = counts.to[to];
    if (counts.copies[to] !== undefined) fin.copies[to] = counts.copies[to];
    return { kind: "direct", to, fin };
  });
}
