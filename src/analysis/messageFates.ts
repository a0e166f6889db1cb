// Every delivery a run asked for, and the one fate it had. `sent` counts the deliveries SEND lines
// asked for (a broadcast to two machines counts two), failed sends included. Each of them was:
//   delivered  a RECEIVE line took it;
//   queued     it sat in the receiver's queue at a clean end (<id>.final.json);
//   inFlight   it was still on a link when the run ended (network.final.json, the router's held
//              deliveries);
//   dropped    the router (or the sender, for "router-down") dropped it and recorded why;
//   lost       it was lost without a drop line, and the logs say how: in a crashed machine's queue,
//              or sent into a connection that was gone, or read by a router killed before it
//              logged it, or on the way to a machine still running behind its schedule when the
//              router ended the run and closed its connection, or (over NATS, where each sender
//              routes its own sends) held back by a fault in a sender's own edge when its process
//              was killed.
// A send logged after the router's end of the run is dropped as "run-ended" (it was never taken).
// The fates sum to `sent`. Counting is per sender on the way to the router and per destination on
// the way from it, so the ledger's memory grows with machines, not with messages.
import type { AnalysisEvent } from "./event.ts";

export interface MessageFates {
  sent: number;
  delivered: number;
  queued: number;
  inFlight: number;
  /** queued + inFlight. */
  undelivered: number;
  dropped: Record<string, number>;
  lost: Record<string, number>;
  /** Extra copies made by duplication faults (not part of the fates: they were never asked for). */
  duplicates: number;
}

export const LOST_IN_CRASHED_QUEUE = "in a crashed machine's queue (or on its lost connection)";
export const LOST_AT_KILLED_ROUTER = "read by a router that was killed before it logged them";
export const LOST_UNEXPLAINED = "unexplained (a log is incomplete)";
export const LOST_ON_UNRECONCILED_LINK = "on a NATS link whose sender's closing count never came";
/** Routed to a machine still running (behind its schedule) when the router ended the run and closed it. */
export const LOST_AT_END_UNFINISHED =
  "on the connection the router closed at the end, before the machine had finished";
/** Sent after the router had ended the run (by a machine running behind its schedule). */
export const DROPPED_AFTER_END = "run-ended";
/**
 * In a crashed sender's own NATS edge: held back by a fault, or sent in the instant before the
 * kill, after its SEND line and before its edge's line reached the part log (the edge writes its
 * lines once per event-loop turn, ahead of that turn's publishes, so these were never published).
 */
export const LOST_HELD_BY_CRASHED_SENDER =
  "in a crashed sender's own NATS edge (held back by a fault, or not yet logged and never published)";
/** A delivery that reached its receiver over NATS and was refused there (a value no run could produce). */
export const DROPPED_BY_RECEIVER = "refused-by-receiver";

interface SendGap {
  firstSeq: number;
  lastSeq: number;
  cause: string;
}

interface Counts {
  /** Per sender: deliveries its SEND lines handed to the router. */
  handed: Map<string, number>;
  /** Per sender: of those, the ones sent after the router's end of the run. */
  handedAfterEnd: Map<string, number>;
  /** Per sender: deliveries the router logged as routed or dropped, or still held at the end. */
  reachedRouter: Map<string, number>;
  /** Per destination: deliveries routed to it (copies excluded). */
  routedTo: Map<string, number>;
  /** Per destination: deliveries it received, queued at the end, or had on its way at the end. */
  reachedMachine: Map<string, number>;
}

const add = (map: Map<string, number>, key: string, n = 1) => map.set(key, (map.get(key) ?? 0) + n);

export class FateLedger {
  readonly #counts: Counts = {
    handed: new Map(),
    handedAfterEnd: new Map(),
    reachedRouter: new Map(),
    routedTo: new Map(),
    reachedMachine: new Map(),
  };
  readonly #gaps = new Map<string, SendGap[]>();
  readonly #crashed = new Set<string>();
  readonly #cutOff = new Set<string>();
  /** NATS receivers with a link they could not reconcile (no fin from its sender). */
  readonly #unreconciled = new Set<string>();
  #routerKilled = false;
  /** When the router ended the run (its `ended` line), and the machines that had said done by then. */
  #endedAtMs: number | null = null;
  readonly #finishedMachines = new Set<string>();
  /** Over NATS each sender routes its own sends: a crashed sender takes what its edge held with it. */
  #sendersRoute = false;
  readonly warnings: string[] = [];
  readonly fates: MessageFates = {
    sent: 0,
    delivered: 0,
    queued: 0,
    inFlight: 0,
    undelivered: 0,
    dropped: {},
    lost: {},
    duplicates: 0,
  };

  // What the router recorded (read first, so a SEND can be checked against the recorded gaps). -----

  routed(from: string, to: string, duplicate: boolean): void {
    if (duplicate) {
      this.fates.duplicates++;
      return;
    }
    add(this.#counts.reachedRouter, from);
    add(this.#counts.routedTo, to);
  }

  dropped(from: string, to: string | null, reason: string): void {
    // A drop with no destination (a DIRECT to a machine that is not in the run) asked for no delivery.
    if (to === null) return;
    add(this.#counts.reachedRouter, from);
    this.#drop(reason, 1);
  }

  /** A delivery the router still held when the run ended (a partition holding it, a delay). */
  heldAtEnd(from: string): void {
    add(this.#counts.reachedRouter, from);
    this.fates.inFlight++;
  }

  sendGap(from: string, firstSeq: number, lastSeq: number, cause: string): void {
    const gaps = this.#gaps.get(from) ?? [];
    gaps.push({ firstSeq, lastSeq, cause });
    this.#gaps.set(from, gaps);
  }

  /** A machine ended without its clean end: its connection was lost (a crash, a kill), or it failed. */
  connectionLost(id: string): void {
    this.#crashed.add(id);
  }

  cutOff(id: string): void {
    this.#cutOff.add(id);
  }

  routerKilled(): void {
    this.#routerKilled = true;
  }

  /** The machine said done: it ran its last tick. */
  machineDone(id: string): void {
    this.#finishedMachines.add(id);
  }

  /** The router ended the run at `atMs`. */
  runEnded(atMs: number): void {
    this.#endedAtMs = atMs;
  }

  // What receivers recorded under NATS (each host's part log). ----------------------------------

  /** A host's part log was read: the run's senders routed their own sends. */
  sendersRouteTheirSends(): void {
    this.#sendersRoute = true;
  }

  /** A receiver's books showed `lost` deliveries published to it that never arrived, and why. */
  linkLost(to: string, lost: number, reason: string): void {
    if (lost <= 0) {
      if (lost < 0)
        this.warnings.push(`${to} counted ${-lost} more arrivals than were published to it: ${reason}`);
      return;
    }
    add(this.#counts.reachedMachine, to, lost);
    this.#drop(reason, lost);
  }

  /** A delivery that reached `to` and was refused there. */
  refusedByReceiver(to: string): void {
    add(this.#counts.reachedMachine, to);
    this.#drop(DROPPED_BY_RECEIVER, 1);
  }

  linkUnreconciled(to: string): void {
    this.#unreconciled.add(to);
  }

  // What the machines logged. ------------------------------------------------------------------

  event(machine: string, event: AnalysisEvent, destinations: number): void {
    const message = event.message;
    if (message === undefined) return;
    if (event.type === "SEND") {
      this.fates.sent += destinations;
      if (message.failed !== undefined) {
        this.#drop(message.failed, destinations);
        return;
      }
      const gap = this.#gapOf(machine, message.id);
      if (gap !== null) {
        // The router recorded that these never reached it: lost on the way, with its cause.
        this.#lose(gap.cause, destinations);
        return;
      }
      add(this.#counts.handed, machine, destinations);
      if (this.#endedAtMs !== null && event.trueTime > this.#endedAtMs)
        add(this.#counts.handedAfterEnd, machine, destinations);
    } else if (event.type === "RECEIVE") {
      if (message.duplicate === true) return;
      this.fates.delivered++;
      add(this.#counts.reachedMachine, machine);
    }
  }

  /** A machine's queue at a clean end. */
  queuedAtEnd(machine: string, queued: ReadonlyArray<{ duplicate?: boolean }>): void {
    let count = 0;
    for (const entry of queued) if (entry.duplicate !== true) count++;
    this.fates.queued += count;
    add(this.#counts.reachedMachine, machine, count);
  }

  /** A message on a link at the end of a simulation (network.final.json). */
  inFlightAtEnd(
    stage: "to-router" | "to-machine",
    from: string,
    to: string | null,
    deliveries: number,
  ): void {
    this.fates.inFlight += deliveries;
    if (stage === "to-router") add(this.#counts.reachedRouter, from, deliveries);
    else if (to !== null) add(this.#counts.reachedMachine, to, deliveries);
  }

  /**
   * Closes the books: whatever is missing on either leg is lost, with the cause the logs give.
   * Without a router log there are no legs to follow; the caller decides what the rest was.
   */
  finish(haveRouterLog = true): MessageFates {
    this.fates.undelivered = this.fates.queued + this.fates.inFlight;
    if (!haveRouterLog) return this.fates;
    const { handed, handedAfterEnd, reachedRouter, routedTo, reachedMachine } = this.#counts;
    for (const [from, count] of handed) {
      let missing = count - (reachedRouter.get(from) ?? 0);
      // A send after the router's end can never have been routed: the run was over.
      const afterEnd = Math.min(Math.max(0, missing), handedAfterEnd.get(from) ?? 0);
      if (afterEnd > 0) this.#drop(DROPPED_AFTER_END, afterEnd);
      missing -= afterEnd;
      if (missing > 0 && this.#sendersRoute && this.#crashed.has(from)) {
        // Its edge logs every routing decision ahead of the publish: what has no routed, dropped or
        // held-at-end line was held (not yet due) or not yet logged when the process was killed.
        this.#lose(LOST_HELD_BY_CRASHED_SENDER, missing);
      } else if (missing > 0) {
        this.#lose(this.#routerKilled ? LOST_AT_KILLED_ROUTER : LOST_UNEXPLAINED, missing);
        if (!this.#routerKilled)
          this.warnings.push(
            `${missing} deliveries sent by ${from} never reached the router's log, and nothing says why`,
          );
      } else if (missing < 0) {
        this.warnings.push(
          `the router logged ${-missing} more deliveries from ${from} than its log sent: a log is incomplete`,
        );
      }
    }
    for (const [to, count] of routedTo) {
      const missing = count - (reachedMachine.get(to) ?? 0);
      if (missing > 0) {
        if (this.#cutOff.has(to)) this.#drop("slow-consumer", missing);
        else if (this.#crashed.has(to)) this.#lose(LOST_IN_CRASHED_QUEUE, missing);
        else if (this.#unreconciled.has(to)) this.#lose(LOST_ON_UNRECONCILED_LINK, missing);
        else if (this.#endedAtMs !== null && !this.#finishedMachines.has(to))
          this.#lose(LOST_AT_END_UNFINISHED, missing);
        else {
          this.#lose(LOST_UNEXPLAINED, missing);
          this.warnings.push(
            `${missing} deliveries routed to ${to} were neither received nor queued, and nothing says why`,
          );
        }
      } else if (missing < 0) {
        this.warnings.push(
          `${to} received or queued ${-missing} more deliveries than were routed to it: a log is incomplete`,
        );
      }
    }
    this.fates.undelivered = this.fates.queued + this.fates.inFlight;
    return this.fates;
  }

  #gapOf(from: string, id: string): SendGap | null {
    const gaps = this.#gaps.get(from);
    if (gaps === undefined) return null;
    const seq = Number(id.slice(id.lastIndexOf(":") + 1));
    for (const gap of gaps) if (seq >= gap.firstSeq && seq <= gap.lastSeq) return gap;
    return null;
  }

  #drop(reason: string, n: number): void {
    this.fates.dropped[reason] = (this.fates.dropped[reason] ?? 0) + n;
  }

  #lose(cause: string, n: number): void {
    this.fates.lost[cause] = (this.fates.lost[cause] ?? 0) + n;
  }
}
