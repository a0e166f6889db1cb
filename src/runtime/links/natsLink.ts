// A machine's link to a run carried by a NATS cluster. There is no router in the middle: the
// coordinator answers hello, the start, done and bye (request/reply), and this link plays the
// router's part for its own machine's sends, through the core SenderEdge (the router's own
// delivery rules, faults included), publishing each delivery on the destination's subject (or one
// broadcast publish the server fans out). It writes ahead, into this host's part log, what its
// edge decided, and at the end it publishes its closing counts (fin) and reconciles every link
// into it against the senders' fins: what NATS lost is recorded with its reason, never silent.
// The session (through machineClient.ts) sees the same frames it would see from a TCP router.
import type { Msg, NatsConnection } from "@nats-io/transport-node";
import { ProtocolError } from "../../core/errors.ts";
import {
  type ControlMessage,
  parseControlMessage,
  parseCoordinatorReply,
  parseStartReply,
} from "../../core/nats/messages.ts";
import { machineSubscriptions, runToken, senderOf } from "../../core/nats/subjects.ts";
import type { ClientFrame, DoneFrame, HelloFrame } from "../../core/protocol.ts";
import { DEFAULT_END_GRACE_MS, NOT_STARTED_MESSAGE } from "../../core/router.ts";
import type { MachineId } from "../../core/types.ts";
import { UserError } from "../../core/userError.ts";
import { hostNowMs } from "../clock.ts";
import { connectAs } from "../nats/connect.ts";
import { CoordinatorRequests } from "../nats/coordinatorRequests.ts";
import { NatsEdgeRun, type StartedRun } from "../nats/natsEdgeRun.ts";
import type { PartLog } from "../nats/partLog.ts";
import { watchConnection } from "../nats/watchConnection.ts";
import type { LinkEvents, MachineLink } from "./machineLink.ts";

/** A start request the coordinator holds this long at most before it answers "wait". */
const START_POLL_MS = 15_000;
/** How long a leaving machine waits for the coordinator to take its bye. */
const BYE_WAIT_MS = 2000;
/** Peer messages kept while this machine waits for its own start frame, at most. */
const MAX_EARLY_MESSAGES = 1_000_000;

export interface NatsLinkOptions {
  id: MachineId;
  runId: string;
  urls: string[];
  credsFile: string;
  /** This process's part of the run directory, shared by its machines. */
  partLog: PartLog;
  /** The run's end grace: a done waits for deliveries held until at most endAt + this. */
  endGraceMs?: number;
  /**
   * Told each announcement of the coordinator once this link acted on it (a machine left, or
   * rejoined after a restart: deliveries to it resume; the end).
   */
  onAnnouncement?: (message: ControlMessage) => void;
}

type LinkPhase =
  | { kind: "closed" }
  | { kind: "open"; connection: NatsConnection; requests: CoordinatorRequests }
  | { kind: "gone" };

type RunPhase =
  | { kind: "waiting"; early: Array<{ from: MachineId; text: string }> }
  | { kind: "running"; run: NatsEdgeRun }
  | { kind: "over" };

export class NatsLink implements MachineLink {
  readonly reopensByItself = true;
  readonly #options: NatsLinkOptions;
  readonly #run: string;
  #link: LinkPhase = { kind: "closed" };
  #phase: RunPhase = { kind: "waiting", early: [] };
  #events: LinkEvents | null = null;
  #deadlineMs = 0;
  #connectTimeoutMs = 0;
  #pendingDone: DoneFrame | null = null;
  #leaving: Promise<void> = Promise.resolve();
  /** The run's seed, from the welcome: fault decisions are keyed by it. */
  #seed = 0;
  /** The coordinator announced the run's end: a done it did not answer no longer matters. */
  #endAnnounced = false;
  /** The coordinator announced that this machine rejoined (this process restarted it). */
  #rejoined = false;

  constructor(options: NatsLinkOptions) {
    this.#options = options;
    this.#run = runToken(options.runId);
  }

  get peerName(): string {
    return `the NATS cluster at ${this.#options.urls.join(", ")}`;
  }

  async open(events: LinkEvents, timeoutMs: number, shouldGiveUp: () => boolean): Promise<boolean> {
    const { id, urls, credsFile } = this.#options;
    const connection = await connectAs(urls, credsFile, {
      timeoutMs,
      name: id,
      connection: { noEcho: true, maxReconnectAttempts: -1, reconnectTimeWait: 250 },
    });
    if (shouldGiveUp()) {
      await connection.close();
      return false;
    }
    this.#events = events;
    this.#connectTimeoutMs = timeoutMs;
    this.#deadlineMs = Date.now() + timeoutMs;
    const requests = new CoordinatorRequests({
      connection,
      run: this.#run,
      runId: this.#options.runId,
      id,
      urls,
    });
    this.#link = { kind: "open", connection, requests };
    for (const subject of machineSubscriptions(this.#run, id)) {
      connection.subscribe(subject, {
        callback: (error, msg) => {
          if (error === null) this.#onMessage(msg);
        },
      });
    }
    // Subscribed at the server before hello: nothing published to this machine after it is missed.
    await connection.flush();
    watchConnection(connection, id, {
      line: (entry) => this.#currentRun()?.record(entry),
      closedForGood: (cause) => {
        if (this.#link.kind === "open")
          events.fail(new UserError(`${id}: the NATS connection closed (${cause})`));
      },
    });
    events.up();
    return true;
  }

  send(frame: ClientFrame): void {
    switch (frame.type) {
      case "hello":
        void this.#hello(frame).catch((error) => this.#fail(error));
        break;
      case "send": {
        const phase = this.#phase;
        if (phase.kind === "running") phase.run.route(frame, hostNowMs());
        else if (phase.kind === "waiting") this.#refuseEarlySend();
        else this.#events?.notice(`${this.#options.id}: a send before the start was not carried`);
        break;
      }
      case "done":
        this.#pendingDone = frame;
        this.#maybeDone();
        break;
      case "bye":
        this.close(frame.reason);
        break;
    }
  }

  refusedDelivery(id: string, from: MachineId, reason: string): void {
    this.#currentRun()?.refused(from, "INVALID_FIELD", reason, id);
  }

  close(byeReason: string): void {
    const link = this.#link;
    if (link.kind !== "open") return;
    this.#link = { kind: "gone" };
    this.#leaving = this.#leave(link, byeReason);
  }

  /** Settles once a closed link has said its bye (if it had to) and its connection is closed. */
  closing(): Promise<void> {
    return this.#leaving;
  }

  /**
   * A send before the start frame: refused as a router refuses it (NOT_STARTED, and the machine
   * is out of the run), so the session ends with the same refusal over either transport.
   */
  #refuseEarlySend(): void {
    this.close("protocol error NOT_STARTED");
    this.#events?.frame({ type: "error", code: "NOT_STARTED", message: NOT_STARTED_MESSAGE });
  }

  async #leave(link: Extract<LinkPhase, { kind: "open" }>, byeReason: string): Promise<void> {
    const phase = this.#phase;
    this.#phase = { kind: "over" };
    // Leaving before the end: this machine's links close here, so its receivers can reconcile;
    // leaving before the start: the coordinator stops counting it for the barrier.
    const leavingEarly = phase.kind === "waiting" || (phase.kind === "running" && !phase.run.ended);
    if (phase.kind === "running" && !phase.run.ended) phase.run.finish(hostNowMs());
    if (leavingEarly) {
      try {
        await link.requests.request("bye", { type: "bye", reason: byeReason }, Date.now() + BYE_WAIT_MS);
      } catch {
        // The coordinator is gone too: the run's end will say so.
      }
    }
    if (phase.kind === "running") phase.run.close();
    link.requests.close();
    try {
      await link.connection.drain();
    } catch {
      await link.connection.close().catch(() => {});
    }
  }

  #currentRun(): NatsEdgeRun | null {
    const phase = this.#phase;
    return phase.kind === "running" ? phase.run : null;
  }

  #fail(error: unknown): void {
    const failure =
      error instanceof UserError
        ? error
        : new UserError(`${this.#options.id}: ${(error as Error).message ?? error}`);
    this.#events?.fail(failure);
  }

  #requests(): CoordinatorRequests | null {
    return this.#link.kind === "open" ? this.#link.requests : null;
  }

  async #hello(frame: HelloFrame): Promise<void> {
    const text = await this.#requests()?.request("hello", frame, this.#deadlineMs);
    if (text === null || text === undefined) return;
    const reply = this.#parse(() => parseCoordinatorReply(text, "hello"));
    if (reply === null || reply.type === "ok") return;
    if (reply.type === "welcome") {
      if (reply.runId !== this.#options.runId) {
        throw new UserError(
          `the coordinator on ${this.#run} answered for run ${reply.runId}; expected run ${this.#options.runId}`,
        );
      }
      this.#seed = reply.seed;
      this.#options.partLog.open(this.#options.runId);
      const link = this.#link;
      if (link.kind === "open") {
        const server = link.connection.getServer();
        this.#options.partLog.write({
          type: "transport",
          at: hostNowMs(),
          id: this.#options.id,
          event: "connected",
          server,
        });
      }
      this.#events?.frame(reply);
      await this.#awaitStart();
      return;
    }
    this.#events?.frame(reply);
  }

  /** Asks for the start until it comes (the coordinator holds each request until the barrier opens). */
  async #awaitStart(): Promise<void> {
    for (;;) {
      const requests = this.#requests();
      if (requests === null) return;
      const deadlineMs = Date.now() + Math.max(this.#connectTimeoutMs, START_POLL_MS + 1000);
      const text = await requests.request("start", { type: "start?" }, deadlineMs, START_POLL_MS + 1000);
      if (text === null) return;
      const reply = this.#parse(() => parseStartReply(text));
      if (reply === null) return;
      if (reply.type === "wait") continue;
      if (reply.type === "error") {
        this.#events?.frame(reply);
        return;
      }
      this.#started({ frame: reply.frame, faults: reply.faults });
      return;
    }
  }

  #started(start: StartedRun): void {
    const phase = this.#phase;
    const link = this.#link;
    const events = this.#events;
    if (phase.kind !== "waiting" || link.kind !== "open" || events === null) return;
    const run = new NatsEdgeRun({
      id: this.#options.id,
      run: this.#run,
      seed: this.#seed,
      start,
      connection: link.connection,
      partLog: this.#options.partLog,
      events,
      afterWake: () => this.#maybeDone(),
      rejoined: this.#rejoined,
    });
    this.#phase = { kind: "running", run };
    events.frame(start.frame);
    for (const early of phase.early) run.peerMessage(early.from, early.text);
  }

  /** A done waits until no delivery this machine's edge holds falls due before the end's grace is over. */
  #maybeDone(): void {
    const done = this.#pendingDone;
    const phase = this.#phase;
    if (done === null) return;
    if (phase.kind === "running") {
      const endAt = phase.run.endAtMs;
      const graceEnd =
        endAt === null
          ? Number.POSITIVE_INFINITY
          : endAt + (this.#options.endGraceMs ?? DEFAULT_END_GRACE_MS);
      if (phase.run.heldUntil(graceEnd)) return;
    }
    this.#pendingDone = null;
    void this.#sendDone(done).catch((error) => {
      if (!this.#endAnnounced) this.#fail(error);
    });
  }

  async #sendDone(done: DoneFrame): Promise<void> {
    const text = await this.#requests()?.request(
      "done",
      done,
      Date.now() + Math.max(this.#connectTimeoutMs, 5000),
    );
    if (text === null || text === undefined) return;
    const reply = this.#parse(() => parseCoordinatorReply(text, "done"));
    if (reply !== null && reply.type === "error") this.#events?.frame(reply);
  }

  #parse<T>(read: () => T): T | null {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.#events?.fail(
        new UserError(`the coordinator of run ${this.#options.runId} sent a bad reply (${error.message})`),
      );
      return null;
    }
  }

  #onMessage(msg: Msg): void {
    const phase = this.#phase;
    if (msg.subject.endsWith(".ctl")) {
      let control: ReturnType<typeof parseControlMessage>;
      try {
        control = parseControlMessage(msg.string());
      } catch {
        return;
      }
      if (control.type === "end") this.#endAnnounced = true;
      if (control.type === "rejoined" && control.id === this.#options.id) this.#rejoined = true;
      if (phase.kind === "running") phase.run.control(control, hostNowMs());
      else if (phase.kind === "waiting" && control.type === "end") {
        this.#phase = { kind: "over" };
        this.#events?.frame({ type: "end", reason: control.reason });
      }
      this.#options.onAnnouncement?.(control);
      return;
    }
    const from = senderOf(msg.subject);
    if (from === null || from === this.#options.id) return;
    // Read from its bytes while they are the message's; kept as text while waiting for the start.
    if (phase.kind === "running") phase.run.peerMessage(from, msg.data);
    else if (phase.kind === "waiting" && phase.early.length < MAX_EARLY_MESSAGES)
      phase.early.push({ from, text: msg.string() });
  }
}
