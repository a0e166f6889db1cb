// A receiving machine's books under NATS: how many deliveries arrived from each sender, against
// the count each sender publishes in its fin after its last delivery. NATS keeps each publisher's
// order, so once a sender's fin is in, everything it published before has arrived or never will:
// the difference is what the network lost on that link (a slow consumer cut off, a server lost),
// recorded with the reason this machine's connection saw. A sender whose fin never came cannot be
// reconciled, and that is recorded too, for each sender heard from (or every sender, once this
// machine's connection faltered: a slow consumer or a disconnect may have lost a whole link).
//
// A machine whose process was restarted (a crash) has books that start again from zero, and so
// does a restarted sender's fin. Marks keep the books exact: a restarted sender marks the start
// of its new process on its broadcast subject (counts zero), and every sender marks, on the
// subject of a machine that rejoined, where its deliveries to the new process begin (its counts
// so far). A link is reconciled from its sender's last mark on; what a sender's earlier process
// published before its restart has no fin and is recorded as unreconciled; what was published to
// this machine's earlier process is the crash's to account (its queue, or sent while it was down).
import type { RouterLogEntry } from "../routerLog.ts";
import type { MachineId } from "../types.ts";
import type { FinMessage, MarkMessage } from "./messages.ts";

/** What this machine's connection went through during the run, for the reason of a loss. */
export interface ConnectionHistory {
  slowConsumer: boolean;
  disconnects: number;
}

interface LinkCount {
  arrived: number;
  copies: number;
}

/** A sender's last mark on a link, and what had arrived on the link when it came. */
interface LinkMark {
  arrived: number;
  copies: number;
  /** What the sender said it had published to this machine before the mark. */
  published: number;
  copiesPublished: number;
  /** Arrivals from the sender's process before its restart (when a mark said it restarted). */
  beforeRestart: number | null;
}

export const UNRECONCILED_NO_FIN =
  "no fin from the sender before the end (it left, or its connection was lost)";
export const UNRECONCILED_SENDER_RESTARTED =
  "the sender restarted: its earlier process's closing count never came";
export const UNRECONCILED_NO_MARK =
  "this machine restarted, and the sender never marked where its deliveries to the new process began";

export class ArrivalBooks {
  readonly #me: MachineId;
  readonly #links = new Map<MachineId, LinkCount>();
  readonly #fins = new Map<MachineId, FinMessage>();
  readonly #marks = new Map<MachineId, LinkMark>();
  /** This process took over a machine that had been in the run before (it rejoined). */
  #rejoined = false;

  constructor(me: MachineId) {
    this.#me = me;
  }

  /** This machine's process is a restarted one: only what senders mark for it can be reconciled. */
  rejoined(): void {
    this.#rejoined = true;
  }

  /** A delivery from `from` arrived (queued, or refused after it arrived: it was not lost). */
  arrived(from: MachineId, duplicate: boolean): void {
    const link = this.#link(from);
    if (duplicate) link.copies++;
    else link.arrived++;
  }

  /** A sender's mark: the link is reconciled from here on (see the top of this file). */
  mark(mark: MarkMessage): void {
    if (mark.from === this.#me) return;
    const link = this.#link(mark.from);
    const earlier = this.#marks.get(mark.from);
    let beforeRestart = earlier?.beforeRestart ?? null;
    if (mark.restarted) beforeRestart = (beforeRestart ?? 0) + link.arrived - (earlier?.arrived ?? 0);
    this.#marks.set(mark.from, {
      arrived: link.arrived,
      copies: link.copies,
      published: mark.all + (mark.to[this.#me] ?? 0),
      copiesPublished: mark.copies[this.#me] ?? 0,
      beforeRestart,
    });
  }

  fin(fin: FinMessage): void {
    if (fin.from !== this.#me) this.#fins.set(fin.from, fin);
  }

  /**
   * Whether every sender in `senders` this machine heard from has published its fin. A sender
   * sends its fin only where it published (see finAddressing.ts): one never heard from may have
   * none to send.
   */
  hasFinsFrom(senders: readonly MachineId[]): boolean {
    for (const sender of senders)
      if (sender !== this.#me && !this.#fins.has(sender) && this.#heardFrom(sender)) return false;
    return true;
  }

  #heardFrom(sender: MachineId): boolean {
    const link = this.#links.get(sender);
    return link !== undefined && link.arrived + link.copies > 0;
  }

  /**
   * The books closed: a `link-lost` line for each link where fewer arrived than were published,
   * a `link-unreconciled` line for each sender whose fin never came (or whose earlier process's,
   * or, in a restarted process, a sender that never marked its link).
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
      const mark = this.#marks.get(from);
      const unreconciled = (arrived: number, why: string): void => {
        lines.push({ type: "link-unreconciled", at: nowMs, from, to: this.#me, arrived, reason: why });
      };
      if (mark !== undefined && mark.beforeRestart !== null)
        unreconciled(mark.beforeRestart, UNRECONCILED_SENDER_RESTARTED);
      if (fin === undefined) {
        // Nothing arrived and no fin came: on a connection that never faltered NATS lost nothing,
        // so the sender published nothing here. Otherwise the link cannot be vouched for.
        const clean = !history.slowConsumer && history.disconnects === 0;
        if (!this.#heardFrom(from) && clean) continue;
        unreconciled(link.arrived - (mark?.beforeRestart ?? 0), UNRECONCILED_NO_FIN);
        continue;
      }
      if (mark === undefined && this.#rejoined) {
        unreconciled(link.arrived, UNRECONCILED_NO_MARK);
        continue;
      }
      const published = fin.all + (fin.to[this.#me] ?? 0) - (mark?.published ?? 0);
      const copiesPublished = (fin.copies[this.#me] ?? 0) - (mark?.copiesPublished ?? 0);
      const lost = published - (link.arrived - (mark?.arrived ?? 0));
      const copiesLost = copiesPublished - (link.copies - (mark?.copies ?? 0));
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

  #link(from: MachineId): LinkCount {
    let link = this.#links.get(from);
    if (link === undefined) {
      link = { arrived: 0, copies: 0 };
      this.#links.set(from, link);
    }
    return link;
  }
}
