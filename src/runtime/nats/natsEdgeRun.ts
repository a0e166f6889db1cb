// One machine's run over NATS, once its start frame is in: its sender edge (the router's rules for
// what it sends), its arrival books (what it received, per sender), the publishes, and the end.
//
// Write-ahead: a delivery's line is in the host's part log, handed to the kernel, before its
// publish can reach the server. The lines are written as the edge decides, but the publishes of one
// event-loop turn wait in a batch that a microtask sends: it flushes the part log (one write for
// the whole batch, not one per send) and only then hands the publishes to nats.js. nats.js writes
// its socket only from what was published to it, so nothing of the batch can be on the wire before
// its lines are with the kernel, whatever nats.js does with its own buffer and timing. If the flush
// fails, nothing of the batch is published and the machine fails. The fin goes out through the
// same order: the batch is sent (flushed first) before it, so a receiver counts every delivery
// before the fin that closes the link.
//
// At the end it publishes
// its fin (how many deliveries it published to whom), waits a little for every peer's fin, closes
// its books (a `link-lost` line for what NATS lost on a link) and only then hands the session its
// end frame, so the machine's final file is written after everything that could still arrive.
// After a crash, marks keep the books exact (see arrivalBooks.ts): a restarted machine marks its
// new process on its broadcast subject, and every sender marks its link to a machine that rejoined.
import type { NatsConnection } from "@nats-io/transport-node";
import { ProtocolError } from "../../core/errors.ts";
import type { FaultWindow } from "../../core/faults/schedule.ts";
import { ArrivalBooks, type ConnectionHistory } from "../../core/nats/arrivalBooks.ts";
import { finAddresses } from "../../core/nats/finAddressing.ts";
import {
  type ControlMessage,
  type MarkMessage,
  type PeerMessage,
  parsePeerMessage,
} from "../../core/nats/messages.ts";
import { PeerPayloads } from "../../core/nats/peerPayloads.ts";
import { broadcastSubject, directSubject } from "../../core/nats/subjects.ts";
import type { SendFrame, StartFrame } from "../../core/protocol.ts";
import { type EdgeEffect, SenderEdge } from "../../core/router/senderEdge.ts";
import type { RouterLogEntry } from "../../core/routerLog.ts";
import type { MachineId } from "../../core/types.ts";
import { hostNowMs } from "../clock.ts";
import type { LinkEvents } from "../links/machineLink.ts";
import { WakeTimer } from "../wakeTimer.ts";
import type { PartLog } from "./partLog.ts";
import { PublishBatch } from "./publishBatch.ts";

/** After the end, how long a machine waits for its peers' fins before it closes its books without them. */
const FIN_WAIT_MS = 3000;
/** Refusals of one sender's payloads recorded one by one; past this, only counted. */
const REFUSALS_LOGGED_PER_SENDER = 20;

export interface StartedRun {
  frame: StartFrame;
  /** The run's fault windows: the network ones shape this machine's deliveries. */
  faults: FaultWindow[];
}

export interface NatsEdgeRunOptions {
  id: MachineId;
  /** The run's subject token. */
  run: string;
  seed: number;
  start: StartedRun;
  connection: NatsConnection;
  partLog: PartLog;
  events: LinkEvents;
  /** Called after held deliveries went out (a done may have been waiting for them). */
  afterWake: () => void;
  /** This process took over a machine that was in the run before (it rejoined after a restart). */
  rejoined?: boolean;
}

type EndPhase =
  | { kind: "running" }
  /** The sender edge is closed (fin published); `reason` set once the run's end came. */
  | { kind: "finished" }
  | { kind: "awaiting-fins"; reason: string; timer: NodeJS.Timeout }
  | { kind: "closed" };

export class NatsEdgeRun {
  readonly endAtMs: number | null;
  readonly #options: NatsEdgeRunOptions;
  readonly #edge: SenderEdge;
  readonly #books: ArrivalBooks;
  readonly #peers: ReadonlySet<MachineId>;
  readonly #timer: WakeTimer;
  readonly #history: ConnectionHistory = { slowConsumer: false, disconnects: 0 };
  readonly #refusals = new Map<MachineId, number>();
  readonly #peerPayloads = new PeerPayloads();
  /** This turn's publishes, in order, waiting for the part log's flush. */
  readonly #batch = new PublishBatch();
  /** Whether a microtask is queued to flush the part log and send the batch. */
  #batchQueued = false;
  /** The run token's subjects of this machine, built once. */
  readonly #broadcastSubject: string;
  readonly #directSubjects = new Map<MachineId, string>();
  readonly #sendBatch = () => this.#flushAndPublish();
  #end: EndPhase = { kind: "running" };
  #rejoined = false;

  constructor(options: NatsEdgeRunOptions) {
    this.#options = options;
    const { frame, faults } = options.start;
    this.endAtMs = frame.endAt ?? null;
    this.#peers = new Set(frame.peers);
    this.#edge = new SenderEdge({
      from: options.id,
      seed: options.seed,
      t0Ms: frame.t0,
      peers: frame.peers,
      faults,
    });
    this.#books = new ArrivalBooks(options.id);
    this.#broadcastSubject = broadcastSubject(options.run, options.id);
    this.#timer = new WakeTimer(() => {
      this.#carry(this.#edge.wake(hostNowMs()));
      options.afterWake();
    });
    this.#rearm();
    if (options.rejoined === true) this.rejoined();
  }

  /**
   * This process took over a machine that was in the run before: its books start from zero, and
   * its peers are told, ahead of any delivery from it, that its counts start again.
   */
  rejoined(): void {
    if (this.#rejoined) return;
    this.#rejoined = true;
    this.#books.rejoined();
    const { connection, run, id } = this.#options;
    const mark: MarkMessage = { type: "mark", from: id, restarted: true, all: 0, to: {}, copies: {} };
    connection.publish(broadcastSubject(run, id), JSON.stringify(mark));
  }

  /** Whether this machine's edge is closed (it published its fin). */
  get ended(): boolean {
    return this.#end.kind !== "running";
  }

  heldUntil(deadlineMs: number): boolean {
    return this.#edge.heldUntil(deadlineMs);
  }

  route(frame: SendFrame, nowMs: number): void {
    // The frame as it is, as the central router passes it (its type is not a message field it reads).
    this.#carry(this.#edge.route(frame, nowMs));
  }

  /** A line about this machine's connection (transport events), kept for the books' reasons too. */
  record(entry: RouterLogEntry): void {
    if (entry.type === "transport") {
      if (entry.event === "disconnected") this.#history.disconnects++;
      if (entry.event === "slow-consumer") this.#history.slowConsumer = true;
    }
    this.#options.partLog.write(entry);
  }

  refused(from: MachineId, code: string, message: string, messageId?: string): void {
    const count = (this.#refusals.get(from) ?? 0) + 1;
    this.#refusals.set(from, count);
    if (count > REFUSALS_LOGGED_PER_SENDER && messageId === undefined) return;
    const entry: RouterLogEntry = {
      type: "refused",
      at: hostNowMs(),
      from,
      to: this.#options.id,
      code,
      message,
    };
    if (messageId !== undefined) entry.messageId = messageId;
    this.#options.partLog.write(entry);
  }

  /** What a peer published on its own subject (its bytes, or its text): a delivery for the session, or its fin. */
  peerMessage(from: MachineId, payload: Uint8Array | string): void {
    if (this.#end.kind === "closed") return;
    let message: PeerMessage;
    try {
      message =
        typeof payload === "string"
          ? parsePeerMessage(payload, from, this.#peers)
          : this.#peerPayloads.read(payload, from, this.#peers);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.refused(from, error.code, error.message);
      if ((this.#refusals.get(from) ?? 0) === 1)
        this.#options.events.notice(`${this.#options.id}: refused what ${from} published: ${error.message}`);
      return;
    }
    if (message.type === "fin") {
      this.#books.fin(message.fin);
      this.#closeBooksIfComplete();
      return;
    }
    if (message.type === "mark") {
      this.#books.mark(message.mark);
      return;
    }
    this.#books.arrived(from, message.frame.duplicate === true);
    this.#options.events.frame(message.frame);
  }

  control(control: ControlMessage, nowMs: number): void {
    if (control.type === "left") {
      this.#edge.left(control.id);
      return;
    }
    if (control.type === "rejoined") {
      if (control.id === this.#options.id) {
        this.rejoined();
        return;
      }
      // Deliveries to it go out again, after a mark of what went before (its books start from zero).
      if (this.#end.kind !== "running") return;
      this.#edge.rejoined(control.id);
      const { connection, run, id } = this.#options;
      const mark: MarkMessage = {
        type: "mark",
        from: id,
        restarted: false,
        ...this.#edge.countsTo(control.id),
      };
      // The counts include this turn's batch: it goes out first, so the mark follows all it counts.
      this.#flushAndPublish();
      connection.publish(directSubject(run, control.id, id), JSON.stringify(mark));
      return;
    }
    this.finish(nowMs);
    if (this.#end.kind !== "finished") return;
    const timer = setTimeout(() => this.#closeBooks(), FIN_WAIT_MS);
    this.#end = { kind: "awaiting-fins", reason: control.reason, timer };
    this.#closeBooksIfComplete();
  }

  /** Closes this machine's sender edge: what it still holds is logged, and its fin goes out. */
  finish(nowMs: number): void {
    if (this.#end.kind !== "running") return;
    this.#end = { kind: "finished" };
    this.#timer.cancel();
    const { effects, fin } = this.#edge.end(nowMs);
    this.#carry(effects);
    // Every delivery before the fin: the batch goes out now (part log flushed first).
    this.#flushAndPublish();
    const { connection, id } = this.#options;
    for (const address of finAddresses(id, fin)) {
      const subject = address.kind === "broadcast" ? this.#broadcastSubject : this.#directSubject(address.to);
      connection.publish(subject, JSON.stringify(address.fin));
    }
  }

  close(): void {
    // What was logged as routed goes out (flushed first) rather than staying unpublished.
    this.#flushAndPublish();
    this.#timer.cancel();
    if (this.#end.kind === "awaiting-fins") clearTimeout(this.#end.timer);
    this.#end = { kind: "closed" };
  }

  #closeBooksIfComplete(): void {
    if (this.#end.kind === "awaiting-fins" && this.#books.hasFinsFrom([...this.#peers])) this.#closeBooks();
  }

  #closeBooks(): void {
    const end = this.#end;
    if (end.kind !== "awaiting-fins") return;
    clearTimeout(end.timer);
    this.#end = { kind: "closed" };
    const partLog = this.#options.partLog;
    for (const line of this.#books.close([...this.#peers], this.#history, hostNowMs())) partLog.write(line);
    partLog.flush();
    this.#options.events.frame({ type: "end", reason: end.reason });
  }

  /** Log lines into the part log now; the publishes they describe into this turn's batch. */
  #carry(effects: EdgeEffect[]): void {
    const partLog = this.#options.partLog;
    let queued = false;
    for (let i = 0; i < effects.length; i++) {
      const effect = effects[i]!;
      if (effect.type === "log") {
        partLog.write(effect.entry);
        queued = true;
      } else {
        const subject = effect.type === "publish" ? this.#directSubject(effect.to) : this.#broadcastSubject;
        this.#batch.add(subject, effect.frame);
        queued = true;
      }
    }
    const failure = partLog.failure;
    if (failure !== null) {
      this.#dropBatch();
      this.#options.events.fail(failure);
      return;
    }
    if (queued && !this.#batchQueued) {
      this.#batchQueued = true;
      queueMicrotask(this.#sendBatch);
    }
    this.#rearm();
  }

  /** The part log handed to the kernel, then the batch's publishes in order (nothing if the flush failed). */
  #flushAndPublish(): void {
    if (!this.#batchQueued) return;
    this.#batchQueued = false;
    const partLog = this.#options.partLog;
    partLog.flush();
    const failure = partLog.failure;
    if (failure !== null) {
      this.#dropBatch();
      this.#options.events.fail(failure);
      return;
    }
    try {
      this.#batch.publishTo(this.#options.connection);
    } catch (error) {
      // Published from a microtask: a closed connection is the machine's failure, not an uncaught throw.
      this.#options.events.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #dropBatch(): void {
    this.#batchQueued = false;
    this.#batch.clear();
  }

  #directSubject(to: MachineId): string {
    let subject = this.#directSubjects.get(to);
    if (subject === undefined) {
      subject = directSubject(this.#options.run, to, this.#options.id);
      this.#directSubjects.set(to, subject);
    }
    return subject;
  }

  #rearm(): void {
    if (this.#end.kind !== "running") return;
    const next = this.#edge.nextWakeMs;
    if (next === null) this.#timer.cancel();
    else this.#timer.armAt(next);
  }
}
