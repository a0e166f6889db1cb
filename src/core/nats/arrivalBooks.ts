// A receiving machine's books under NATS: how many deliveries arrived from each sender, against
// the count each sender publishes in its fin after its last delivery. NATS keeps each publisher's
// order, so once a sender's fin is in, everything it published before has arrived or never will:
// the difference is what the network lost on that link (a slow consumer cut off, a server lost),
// recorded with the reason this machine's connection saw. A sender whose fin never came cannot be
// reconciled, and that is recorded too.
import type { RouterLogEntry } from "../routerLog.ts";
import type { MachineId } from "../types.ts";
import type { FinMessage } from "./messages.ts";

/** What this machine's connection went through during the run, for the reason of a loss. */
export interface ConnectionHistory {
  slowConsumer: boolean;
  disconnects: number;
}

interface LinkCount {
  arrived: number;
  copies: number;
}

export class ArrivalBooks {
  readonly #me: MachineId;
  readonly #links = new Map<MachineId, LinkCount>();
  readonly #fins = new Map<MachineId, FinMessage>();

  constructor(me: MachineId) {
    this.#me = me;
  }

  /** A delivery from `from` arrived (queued, or refused after it arrived: it was not lost). */
  arrived(from: MachineId, duplicate: boolean): void {
    let link = this.#links.get(from);
    if (link === undefined) {
      link = { arrived: 0, copies: 0 };
      this.#links.set(from, link);
    }
    if (duplicate) link.copies++;
    else link.arrived++;
  }

  fin(fin: FinMessage): void {
    if (fin.from !== this.#me) this.#fins.set(fin.from, fin);
  }

  /** Whether every sender in `senders` (this machine aside) has published its fin. */
  hasFinsFrom(senders: readonly MachineId[]): boolean {
    for (const sender of senders) if (sender !== this.#me && !this.#fins.has(sender)) return false;
    return true;
  }

  /**
   * The books closed: a `link-lost` line for each link where fewer arrived than were published,
   * a `link-unreconciled` line for each sender whose fin never came.
   */
  close(senders: readonly MachineId[], history: ConnectionHistory, nowMs: number): RouterLogEntry[] {
    const lines: RouterLogEntry[] = [];
    const reason = history.slowConsumer
      ? "nats-slow-consumer"
      : history.disconnects > 0
        ? "nats-disconnected"
        : "nats-lost";
    for (const from of senders) {
      if (from === this.#me) continue;
      const link = this.#links.get(from) ?? { arrived: 0, copies: 0 };
      const fin = this.#fins.get(from);
      if (fin === undefined) {
        lines.push({
          type: "link-unreconciled",
          at: nowMs,
          from,
          to: this.#me,
          arrived: link.arrived,
          reason: "no fin from the sender before the end (it left, or its connection was lost)",
        });
        continue;
      }
      const lost = fin.all + (fin.to[this.#me] ?? 0) - link.arrived;
      const copiesLost = (fin.copies[this.#me] ?? 0) - link.copies;
      if (lost === 0 && copiesLost <= 0) continue;
      lines.push({
        type: "link-lost",
        at: nowMs,
        from,
        to: this.#me,
        lost,
        copies: Math.max(0, copiesLost),
        reason: lost < 0 ? "more arrived than the sender published" : reason,
      });
    }
    return lines;
  }
}
