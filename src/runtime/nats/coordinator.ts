// The coordinator of a run carried by NATS: the run's authority (run.json, router.jsonl, the
// lifecycle, the end) and the core Router, with one virtual connection per machine instead of a
// socket. Machines ask it, by request/reply on `coord.<machine>.<verb>`, for what a TCP router
// would tell them: hello is answered with the welcome (or the refusal), a start request with the
// start frame and the run's fault windows once the barrier opens, done and bye with ok. It
// announces on the control subject who left, who rejoined after a restart, and when the run is
// over. A machine whose process the launcher killed (a crash fault) has left at that moment, as a
// TCP router sees its socket close; NATS would not tell. It never sees a message:
// each machine's own edge routes those. The machine a request comes from is the one its subject
// names, which the server's permissions make authentic.
import type { Msg, NatsConnection } from "@nats-io/transport-node";
import type { FaultWindow } from "../../core/faults/schedule.ts";
import { routerLogJson } from "../../core/logFormat/routerLine.ts";
import { AnsweredRequests, isRequestId, REQUEST_ID_HEADER } from "../../core/nats/answeredRequests.ts";
import {
  COORDINATOR_VERBS,
  type ControlMessage,
  type CoordinatorVerb,
  RESTARTED_LEFT_REASON,
} from "../../core/nats/messages.ts";
import { controlSubject, SUBJECT_ROOT } from "../../core/nats/subjects.ts";
import type { ServerFrame, StartFrame } from "../../core/protocol.ts";
import { type ConnectionId, Router, type RouterEffect } from "../../core/router.ts";
import type { RouterLogEntry } from "../../core/routerLog.ts";
import type { MachineId } from "../../core/types.ts";
import { hostNowMs } from "../clock.ts";
import { fsUserError } from "../fsErrors.ts";
import type { RunAuthority } from "../runAuthority.ts";
import { WakeTimer } from "../wakeTimer.ts";

/** A start request held this long at most before it is answered "wait" (and asked again). */
const START_HOLD_MS = 10_000;

type Reply =
  | ServerFrame
  | { type: "ok" }
  | { type: "wait" }
  | { type: "start"; frame: StartFrame; faults: FaultWindow[] };

export class Coordinator {
  readonly router: Router;
  readonly #connection: NatsConnection;
  readonly #authority: RunAuthority;
  readonly #run: string;
  readonly #onLog: ((entry: RouterLogEntry) => void) | undefined;
  readonly #connectionOf = new Map<MachineId, ConnectionId>();
  readonly #machineOf = new Map<ConnectionId, MachineId>();
  /** The request waiting for the answer to what its machine said (hello, done, bye). */
  readonly #pending = new Map<ConnectionId, Msg>();
  readonly #startFrames = new Map<MachineId, StartFrame>();
  readonly #startWaiters = new Map<MachineId, { msg: Msg; timer: NodeJS.Timeout }>();
  readonly #timer: WakeTimer;
  /** Answers kept so that a request asked again gets the same one (see answeredRequests.ts). */
  readonly #answered = new AnsweredRequests();
  readonly #requestOf = new WeakMap<Msg, { sender: MachineId; requestId: string }>();
  #faults: FaultWindow[] = [];
  #nextConnection = 1;
  #endAnnounced = false;
  #failed = false;

  constructor(
    connection: NatsConnection,
    authority: RunAuthority,
    run: string,
    onLog?: (entry: RouterLogEntry) => void,
  ) {
    this.#connection = connection;
    this.#authority = authority;
    this.#run = run;
    this.#onLog = onLog;
    this.router = new Router(authority.routerOptions);
    this.#timer = new WakeTimer(() => this.apply(this.router.wake(hostNowMs())));
    connection.subscribe(`${SUBJECT_ROOT}.${run}.coord.*.*`, {
      callback: (error, msg) => {
        if (error === null) this.#request(msg);
      },
    });
  }

  interrupt(reason: string): void {
    this.apply(this.router.interrupt(reason, hostNowMs()));
  }

  /**
   * A line from outside the router (what the launcher did for a process fault). A machine whose
   * process was killed has lost its connection: it leaves the run until a new process says hello.
   */
  record(entry: RouterLogEntry): void {
    this.apply([{ type: "log", entry }]);
    if (entry.type !== "process-fault" || entry.action !== "killed") return;
    const connection = this.#connectionOf.get(entry.machine);
    if (connection === undefined) return;
    this.#forget(connection);
    const reason = `connection lost (its process was killed by fault ${entry.fault})`;
    this.apply(this.router.disconnect(connection, entry.at, reason));
  }

  /** The run is over: machines still waiting for a start are told, and the connection drains. */
  async close(): Promise<void> {
    this.#timer.cancel();
    for (const [, waiter] of this.#startWaiters) clearTimeout(waiter.timer);
    this.#startWaiters.clear();
    try {
      await this.#connection.drain();
    } catch {
      await this.#connection.close().catch(() => {});
    }
  }

  /** Carries out the router's effects: log lines first (written ahead), then replies and announcements. */
  apply(effects: RouterEffect[]): void {
    if (this.#failed || !this.#writeLog(effects)) return;
    for (const effect of effects) {
      switch (effect.type) {
        case "send":
          this.#send(effect.connection, effect.frame);
          break;
        case "log":
          if (effect.entry.type === "left")
            this.#announce({ type: "left", id: effect.entry.id, reason: effect.entry.reason });
          // Before the start nothing was routed to it: only a rejoin into a running run is news.
          else if (effect.entry.type === "joined" && effect.entry.rejoin && this.router.started)
            this.#announce({ type: "rejoined", id: effect.entry.id });
          break;
        case "started":
          this.#faults = effect.plan.faults;
          this.#authority.onLifecycle(effect);
          break;
        case "ended":
          this.#authority.onLifecycle(effect);
          break;
        case "close":
          break;
      }
    }
    const next = this.router.nextWakeMs;
    if (next === null) this.#timer.cancel();
    else this.#timer.armAt(next);
  }

  #writeLog(effects: RouterEffect[]): boolean {
    const log = this.#authority.log;
    try {
      let logged = false;
      for (const effect of effects) {
        if (effect.type !== "log") continue;
        log.writeLine(routerLogJson(effect.entry));
        this.#onLog?.(effect.entry);
        logged = true;
      }
      if (logged) log.flush();
      return true;
    } catch (error) {
      this.#failed = true;
      const fatal = fsUserError("write", "router.jsonl", error);
      this.#announce({ type: "end", reason: fatal.message.slice(0, 200) });
      void this.#authority.end("failed", fatal.message);
      return false;
    }
  }

  #send(connection: ConnectionId, frame: ServerFrame): void {
    const id = this.#machineOf.get(connection);
    switch (frame.type) {
      case "welcome":
      case "error": {
        const msg = this.#pending.get(connection);
        this.#pending.delete(connection);
        if (msg !== undefined) this.#respond(msg, JSON.stringify(frame));
        return;
      }
      case "start": {
        if (id === undefined) return;
        this.#startFrames.set(id, frame);
        const waiter = this.#startWaiters.get(id);
        if (waiter === undefined) return;
        clearTimeout(waiter.timer);
        this.#startWaiters.delete(id);
        this.#reply(waiter.msg, { type: "start", frame, faults: this.#faults });
        return;
      }
      case "end":
        this.#announce({ type: "end", reason: frame.reason });
        return;
      case "deliver":
        return;
    }
  }

  #announce(message: ControlMessage): void {
    if (message.type === "end") {
      if (this.#endAnnounced) return;
      this.#endAnnounced = true;
    }
    this.#connection.publish(controlSubject(this.#run), JSON.stringify(message));
  }

  #reply(msg: Msg, reply: Reply): void {
    this.#respond(msg, JSON.stringify(reply));
  }

  #respond(msg: Msg, text: string): void {
    const request = this.#requestOf.get(msg);
    if (request !== undefined) this.#answered.remember(request.sender, request.requestId, text);
    msg.respond(text);
  }

  #error(msg: Msg, code: string, message: string): void {
    this.#reply(msg, { type: "error", code, message } as ServerFrame);
  }

  #request(msg: Msg): void {
    const parts = msg.subject.split(".");
    const sender = parts[3] ?? "";
    const verb = parts[4] as CoordinatorVerb;
    if (!COORDINATOR_VERBS.includes(verb) || parts.length !== 5) {
      this.#error(
        msg,
        "UNKNOWN_TYPE",
        `${msg.subject}: expected a request for ${COORDINATOR_VERBS.join(", ")}`,
      );
      return;
    }
    const requestId = verb === "start" ? undefined : msg.headers?.get(REQUEST_ID_HEADER);
    if (requestId !== undefined && isRequestId(requestId)) {
      const answer = this.#answered.replay(sender, requestId);
      if (answer !== null) {
        msg.respond(answer);
        return;
      }
      this.#requestOf.set(msg, { sender, requestId });
    }
    let value: unknown;
    try {
      value = JSON.parse(msg.string());
    } catch {
      this.#error(msg, "BAD_JSON", `${verb}: the request is not JSON`);
      return;
    }
    const nowMs = hostNowMs();
    if (verb === "hello") this.#hello(msg, sender, value, nowMs);
    else if (verb === "start") this.#start(msg, sender);
    else this.#said(msg, sender, value, nowMs, verb);
  }

  #hello(msg: Msg, sender: MachineId, value: unknown, nowMs: number): void {
    const claimed = (value as { id?: unknown } | null)?.id;
    if (claimed !== sender) {
      this.#error(
        msg,
        "INVALID_FIELD",
        `hello.id ${JSON.stringify(claimed)} is not the machine these credentials belong to (${sender})`,
      );
      return;
    }
    // A machine that says hello again (its process restarted) replaces its earlier connection.
    const earlier = this.#connectionOf.get(sender);
    if (earlier !== undefined) {
      this.#forget(earlier);
      this.apply(this.router.disconnect(earlier, nowMs, RESTARTED_LEFT_REASON));
    }
    const connection = this.#nextConnection++;
    this.router.connect(connection);
    this.#connectionOf.set(sender, connection);
    this.#machineOf.set(connection, sender);
    this.#pending.set(connection, msg);
    this.apply(this.router.receive(connection, value, nowMs));
    if (this.router.machineOf(connection) === null) this.#forget(connection);
  }

  #start(msg: Msg, sender: MachineId): void {
    const frame = this.#startFrames.get(sender);
    if (frame !== undefined) {
      this.#reply(msg, { type: "start", frame, faults: this.#faults });
      return;
    }
    if (!this.#connectionOf.has(sender)) {
      this.#error(msg, "HELLO_REQUIRED", "a start request before hello; say hello first");
      return;
    }
    const earlier = this.#startWaiters.get(sender);
    if (earlier !== undefined) {
      clearTimeout(earlier.timer);
      this.#reply(earlier.msg, { type: "wait" });
    }
    const timer = setTimeout(() => {
      this.#startWaiters.delete(sender);
      this.#reply(msg, { type: "wait" });
    }, START_HOLD_MS);
    this.#startWaiters.set(sender, { msg, timer });
  }

  /** done or bye: the router takes it as from the machine's connection; ok unless it refused it. */
  #said(msg: Msg, sender: MachineId, value: unknown, nowMs: number, verb: "done" | "bye"): void {
    const connection = this.#connectionOf.get(sender);
    if (connection === undefined) {
      this.#error(msg, "HELLO_REQUIRED", `${verb} before hello; say hello first`);
      return;
    }
    this.#pending.set(connection, msg);
    this.apply(this.router.receive(connection, value, nowMs));
    if (this.#pending.get(connection) === msg) {
      this.#pending.delete(connection);
      this.#reply(msg, { type: "ok" });
    }
    if (verb === "bye" || this.router.machineOf(connection) === null) this.#forget(connection);
  }

  #forget(connection: ConnectionId): void {
    const id = this.#machineOf.get(connection);
    this.#machineOf.delete(connection);
    this.#pending.delete(connection);
    if (id !== undefined && this.#connectionOf.get(id) === connection) this.#connectionOf.delete(id);
  }
}
