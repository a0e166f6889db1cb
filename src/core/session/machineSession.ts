// One model machine's session with its router, as a sans-IO state machine in the manner of h11's
// or quinn-proto's Connection: its inputs are frames from the router, wake-ups and connection
// changes, each with the current true time; its outputs are frames for the router, event lines
// and lifecycle changes, handed to a sink as plain data, and `nextWakeMs`, the time it next wants
// to be woken. Every driver (the TCP client, the simulator, the NATS client) carries bytes and
// arms timers around this one class; the hello, the start barrier, the ticks, the end of the run
// and the resume after a restart are all decided here.
//
// The end of a run: a machine runs every tick scheduled at or before `endAt` (a machine that fell
// behind catches up on them), then says `done` and keeps taking deliveries into its queue until
// the router's `end` frame, which follows every delivery meant for it. So at a clean end every
// message sent has reached a queue.
import { clockAboveCeiling, clockCeilings } from "../clockCeiling.ts";
import type { Machine, MachineResumeState } from "../machine.ts";
import {
  type ClientFrame,
  type HelloFrame,
  PROTOCOL_VERSION,
  type ServerFrame,
  type StartFrame,
} from "../protocol.ts";
import type { Delivery, EventLine, MachineId, OutboundMessage, SentMessageSummary } from "../types.ts";
import { inWindow, type Running, startRun, tickTime } from "./runSchedule.ts";

/** What a machine holds at the end of its run: its `<id>.final.json`. */
export interface MachineFinal {
  id: MachineId;
  runId: string;
  endedAt: number;
  reason: string;
  ticks: number;
  lamport: number;
  /** Messages delivered but not yet taken, oldest first (`duplicate`: a copy a fault made). */
  queued: Array<{ id: string; from: MachineId; duplicate?: true }>;
}

export type SessionLifecycle =
  /** The router welcomed this machine into `runId`: open its log, then call `openedLog`. */
  | { type: "joined"; runId: string; seed: number }
  /** Ticking starts (or, after a restart, resumes) on this schedule. */
  | { type: "started"; t0Ms: number; endAtMs: number; ticksPerSecond: number; firstTick: number }
  /** A delivery above what the run could have produced was not queued (no router to refuse it). */
  | { type: "refused-delivery"; id: string; from: MachineId; reason: string }
  /** The run is over for this machine: write `final`, close the log and the connection. */
  | { type: "ended"; final: MachineFinal; refusal: string | null };

/** Where a session's outputs go. Drivers implement it; tests collect into arrays. */
export interface SessionOutput {
  frame(frame: ClientFrame): void;
  /**
   * A message to send, for a driver that carries messages without a frame around them (the
   * simulator): given, it takes every send instead of `frame`, which saves a copy per message.
   */
  message?(message: OutboundMessage): void;
  event(line: EventLine): void;
  lifecycle(change: SessionLifecycle): void;
}

export interface MachineSessionOptions {
  id: MachineId;
  /** The router's shared secret, if it has one. */
  token?: string;
  /** A speed asked for instead of the run's plan (the router records it). */
  requestedTicksPerSecond?: number;
  /**
   * Skip the check of deliveries against the run's clock ceilings: for a driver whose deliveries
   * come from its own machines (the simulator). Where a router validates, the check is a second
   * line of defence; without a router (NATS) it is the only one.
   */
  trustDeliveries?: boolean;
}

type Phase =
  | { kind: "new" }
  | { kind: "hello-sent" }
  | { kind: "welcomed"; runId: string; seed: number }
  | { kind: "log-open"; runId: string; seed: number; resume: MachineResumeState | undefined }
  | { kind: "running"; run: Running }
  /** Past its last tick (or stopped): takes deliveries until the router's end frame. */
  | { kind: "draining"; run: Running; reason: string }
  /** Over: `run` is kept (when there was one) so its last state can still be read. */
  | { kind: "ended"; reason: string; run: Running | null };

export class MachineSession {
  readonly id: MachineId;
  readonly #options: MachineSessionOptions;
  /** `trustDeliveries`, read on every delivery: a field here, so a delivery need not read the options. */
  readonly #trusted: boolean;
  #phase: Phase = { kind: "new" };
  /** The run whose queue takes deliveries: the phase's run while running or draining, else null. */
  #taking: Running | null = null;
  /** The phase's run while running (ticking), else null: a wake reads it without the phase. */
  #ticking: Running | null = null;
  #connected = false;

  constructor(options: MachineSessionOptions) {
    this.id = options.id;
    this.#options = options;
    this.#trusted = options.trustDeliveries === true;
  }

  get phase(): Phase["kind"] {
    return this.#phase.kind;
  }

  get connected(): boolean {
    return this.#connected;
  }

  get runId(): string | null {
    return runIdOf(this.#phase);
  }

  /** The model machine, once the run started (and still after it ended). */
  get machine(): Machine | null {
    return runOf(this.#phase)?.machine ?? null;
  }

  get ticksPerSecond(): number | null {
    return runOf(this.#phase)?.ticksPerSecond ?? null;
  }

  /** When the session next wants `wake`: its next tick's time, or null when it does not tick. */
  get nextWakeMs(): number | null {
    const phase = this.#phase;
    if (phase.kind !== "running") return null;
    const run = phase.run;
    return run.nextTick > run.lastTick ? run.endAtMs : run.nextDueMs;
  }

  /** The driver has a connection: say hello (again, on a reconnect; the router takes it as a rejoin). */
  connect(out: SessionOutput): void {
    this.#connected = true;
    if (this.#phase.kind === "ended") return;
    const hello: HelloFrame = { type: "hello", protocol: PROTOCOL_VERSION, id: this.id };
    if (this.#options.token !== undefined) hello.token = this.#options.token;
    if (this.#options.requestedTicksPerSecond !== undefined)
      hello.ticksPerSecond = this.#options.requestedTicksPerSecond;
    const machine = this.machine;
    if (machine !== null) hello.sent = machine.messagesSent;
    if (this.#phase.kind === "new") this.#phase = { kind: "hello-sent" };
    out.frame(hello);
  }

  /** The connection is gone. Ticking goes on; sends are logged as failed until the driver reconnects. */
  disconnect(): void {
    this.#connected = false;
  }

  /** The driver opened the run's log (after `joined`), with what the log says of an earlier life. */
  openedLog(resume: MachineResumeState | undefined): void {
    const phase = this.#phase;
    if (phase.kind !== "welcomed") throw new Error(`openedLog in phase ${phase.kind}: expected welcomed`);
    this.#phase = { kind: "log-open", runId: phase.runId, seed: phase.seed, resume };
  }

  receive(frame: ServerFrame, nowMs: number, out: SessionOutput): void {
    switch (frame.type) {
      case "deliver":
        this.#deliver(frame, nowMs, out);
        break;
      case "welcome":
        this.#welcome(frame.runId, frame.seed, nowMs, out);
        break;
      case "start":
        this.#start(frame, nowMs, out);
        break;
      case "end":
        this.#end(frame.reason, nowMs, null, out);
        break;
      case "error":
        this.#end(`refused by the router: ${frame.code}`, nowMs, `${frame.code}: ${frame.message}`, out);
        break;
    }
  }

  /** Runs every tick due by `nowMs`; after the last one, says done. */
  wake(nowMs: number, out: SessionOutput): void {
    const run = this.#ticking;
    if (run === null) return;
    while (run.nextTick <= run.lastTick) {
      const dueMs = run.nextDueMs;
      if (dueMs > nowMs) return;
      const tick = run.nextTick++;
      run.nextDueMs = tickTime(run, run.nextTick);
      if (run.pauses !== null && inWindow(run.pauses, dueMs)) continue;
      this.#tick(run, tick, nowMs, out);
      if (this.#ticking !== run) return; // the machine failed on this tick (its log cannot be written)
    }
    this.#drain(run, "duration reached", out);
  }

  /** Ends ticking now (a signal): say done and wait for the end frame, or end at once if unconnected. */
  stop(reason: string, nowMs: number, out: SessionOutput): void {
    const phase = this.#phase;
    if (phase.kind === "running") {
      if (this.#connected) this.#drain(phase.run, reason, out);
      else this.#end(reason, nowMs, null, out);
      return;
    }
    if (phase.kind !== "draining" && phase.kind !== "ended") this.#end(reason, nowMs, null, out);
  }

  /**
   * The machine cannot go on (its log cannot be written): it tells the router why in a done frame,
   * so the run records the cause, and ends at once.
   */
  fail(reason: string, nowMs: number, out: SessionOutput): void {
    const phase = this.#phase;
    if (phase.kind === "running" && this.#connected) {
      out.frame({ type: "done", ticks: phase.run.machine.ticks, reason });
    }
    this.giveUp(reason, nowMs, out);
  }

  /** The driver stops waiting (for the end frame, or for a router to come back). */
  giveUp(reason: string, nowMs: number, out: SessionOutput): void {
    if (this.#phase.kind !== "ended") this.#end(reason, nowMs, null, out);
  }

  #welcome(runId: string, seed: number, nowMs: number, out: SessionOutput): void {
    const phase = this.#phase;
    if (phase.kind === "hello-sent") {
      this.#phase = { kind: "welcomed", runId, seed };
      out.lifecycle({ type: "joined", runId, seed });
      return;
    }
    const current = this.runId;
    if (current !== null && current !== runId) {
      const why = `the router now runs ${runId}, not ${current}`;
      this.#end(why, nowMs, why, out);
    }
  }

  #start(frame: StartFrame, nowMs: number, out: SessionOutput): void {
    const phase = this.#phase;
    if (phase.kind === "running" || phase.kind === "draining") {
      // A rejoin: the same run, so the same start; say done again if this machine is past its ticks.
      if (frame.t0 !== phase.run.t0Ms) {
        const why = `the router restarted the run with another start time (t0 ${frame.t0}, not ${phase.run.t0Ms})`;
        this.#end(why, nowMs, why, out);
        return;
      }
      if (phase.kind === "draining")
        out.frame({ type: "done", ticks: phase.run.machine.ticks, reason: phase.reason });
      return;
    }
    if (phase.kind !== "log-open") {
      if (phase.kind === "welcomed")
        throw new Error("start before openedLog: the driver must open the log first");
      return;
    }
    const plan = frame.plan;
    if (plan === undefined) {
      const why = "the router's start frame carries no plan for this machine";
      this.#end(why, nowMs, why, out);
      return;
    }
    if (!frame.peers.includes(this.id)) {
      const why = `${this.id} is not among the run's machines (${frame.peers.length} of them)`;
      this.#end(why, nowMs, why, out);
      return;
    }
    const run = startRun(this.id, phase, frame, plan, nowMs);
    this.#phase = { kind: "running", run };
    this.#taking = run;
    this.#ticking = run;
    out.lifecycle({
      type: "started",
      t0Ms: run.t0Ms,
      endAtMs: run.endAtMs,
      ticksPerSecond: run.ticksPerSecond,
      firstTick: run.nextTick,
    });
  }

  #deliver(frame: Delivery & { type?: string }, nowMs: number, out: SessionOutput): void {
    const run = this.#taking;
    if (run === null) return;
    if (!this.#trusted) {
      const above = clockAboveCeiling(frame, clockCeilings(run.ceilingInput, nowMs));
      if (above !== null) {
        const reason = `${above} is more than the run could have reached`;
        out.lifecycle({ type: "refused-delivery", id: frame.id, from: frame.from, reason });
        return;
      }
    }
    // The frame itself goes into the queue (its `type` field is harmless there): no copy per delivery.
    run.machine.deliver(frame);
  }

  #tick(run: Running, tick: number, nowMs: number, out: SessionOutput): void {
    const outcome = run.machine.tick(nowMs, tick);
    const send = outcome.send;
    const connected = this.#connected;
    if (send !== undefined && !connected)
      (outcome.event.message as SentMessageSummary).failed = "router-down";
    // The line first: a message goes out only once its SEND line is written, so a machine whose
    // log fails (a full disk) never sends a message that its log does not show.
    const phase = this.#phase;
    out.event(outcome.event);
    if (send === undefined || !connected || this.#phase !== phase) return;
    if (out.message !== undefined) out.message(send);
    else out.frame({ type: "send", ...send });
  }

  #drain(run: Running, reason: string, out: SessionOutput): void {
    run.nextTick = run.lastTick + 1;
    run.nextDueMs = run.endAtMs;
    this.#phase = { kind: "draining", run, reason };
    this.#taking = run;
    this.#ticking = null;
    if (this.#connected) out.frame({ type: "done", ticks: run.machine.ticks, reason });
  }

  #end(reason: string, nowMs: number, refusal: string | null, out: SessionOutput): void {
    const phase = this.#phase;
    if (phase.kind === "ended") return;
    const run = runOf(phase);
    const machine = run?.machine ?? null;
    const endReason = phase.kind === "draining" && refusal === null ? phase.reason : reason;
    this.#phase = { kind: "ended", reason: endReason, run };
    this.#taking = null;
    this.#ticking = null;
    out.lifecycle({
      type: "ended",
      final: {
        id: this.id,
        runId: runIdOf(phase) ?? "",
        endedAt: nowMs,
        reason: endReason,
        ticks: machine?.ticks ?? 0,
        lamport: machine?.lamport ?? 0,
        queued: (machine?.pendingMessages() ?? []).map((m) =>
          m.duplicate === true
            ? { id: m.id, from: m.from, duplicate: true as const }
            : { id: m.id, from: m.from },
        ),
      },
      refusal,
    });
  }
}

function runOf(phase: Phase): Running | null {
  return phase.kind === "running" || phase.kind === "draining" || phase.kind === "ended" ? phase.run : null;
}

function runIdOf(phase: Phase): string | null {
  switch (phase.kind) {
    case "welcomed":
    case "log-open":
      return phase.runId;
    case "running":
    case "draining":
      return phase.run.runId;
    case "ended":
      return phase.run?.runId ?? null;
    default:
      return null;
  }
}
