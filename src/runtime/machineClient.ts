// A live model machine: a thin driver of the core MachineSession over a link (TCP to a router, or
// NATS). It carries the session's frames over the link and the link's frames to it, keeps the
// session's next wake-up in the process's wake queue (on time to a fraction of a millisecond),
// writes its event lines to <logDir>/<runId>/<id>.jsonl as they happen (each handed to the kernel
// before the next), opens the link again when it goes down, and writes the final file when the
// session ends. Every decision about the model and the run is the
// session's; every byte on the wire is the link's.
import { existsSync, rmSync } from "node:fs";
import { eventLineJson } from "../core/logFormat/eventLine.ts";
import type { MachineResumeState } from "../core/machine.ts";
import type { ClientFrame, ServerFrame } from "../core/protocol.ts";
import {
  type MachineFinal,
  MachineSession,
  type SessionLifecycle,
  type SessionOutput,
} from "../core/session/machineSession.ts";
import { escapeForTerminal } from "../core/terminalText.ts";
import type { EventLine, MachineId } from "../core/types.ts";
import { UserError } from "../core/userError.ts";
import { hostNowMs } from "./clock.ts";
import { describeFsError, errnoCode } from "./fsErrors.ts";
import { SyncLineWriter } from "./lineWriter.ts";
import type { LinkEvents, MachineLink } from "./links/machineLink.ts";
import { clocksAtZero, resumeStateFromLog } from "./resumeFromLog.ts";
import { ensureRunDirectory, machineLogFile, writeMachineFinal } from "./runDirectory.ts";
import { processWakeQueue, type WakeSlot } from "./wakeQueue.ts";

/** How long a machine that is done waits for the router's end frame before it gives up. */
const END_WAIT_MS = 15_000;
/** After a signal, how long it waits for the end frame. */
const STOP_WAIT_MS = 2500;

export interface MachineClientOptions {
  id: MachineId;
  link: MachineLink;
  token?: string;
  logDir: string;
  /** A speed asked for instead of the run's plan. */
  ticksPerSecond?: number;
  connectTimeoutMs: number;
  /** After a restart: clocks resumed from the machine's log (default), or from zero. */
  resumeClocks?: "log" | "zero";
  onStatus?: (status: MachineStatus) => void;
  /** Diagnostics for the user (connection retries, refusals). */
  onNotice?: (text: string) => void;
}

export interface MachineStatus {
  id: MachineId;
  state: "connecting" | "waiting" | "running" | "draining" | "stopped";
  ticksPerSecond: number | null;
  ticks: number;
  lamport: number;
  queueLength: number;
  runDir: string | null;
}

export interface MachineEnd {
  id: MachineId;
  reason: string;
  ticks: number;
  runDir: string | null;
}

export class MachineClient implements SessionOutput {
  readonly #options: MachineClientOptions;
  readonly #session: MachineSession;
  readonly #timer: WakeSlot;
  readonly #link: MachineLink;
  readonly #linkEvents: LinkEvents;
  #log: SyncLineWriter | null = null;
  #runDir: string | null = null;
  /** This process created the machine's log (it was not there from an earlier life). */
  #freshLog = false;
  #reconnecting = false;
  #endAtMs: number | null = null;
  #endWait: NodeJS.Timeout | null = null;
  #final: MachineFinal | null = null;
  #failure: Error | null = null;
  #settled = false;
  #resolve!: (end: MachineEnd) => void;
  #reject!: (error: Error) => void;
  readonly finished: Promise<MachineEnd>;

  constructor(options: MachineClientOptions) {
    this.#options = options;
    const sessionOptions: ConstructorParameters<typeof MachineSession>[0] = { id: options.id };
    if (options.token !== undefined) sessionOptions.token = options.token;
    if (options.ticksPerSecond !== undefined) sessionOptions.requestedTicksPerSecond = options.ticksPerSecond;
    this.#session = new MachineSession(sessionOptions);
    this.#timer = processWakeQueue.slot(() => this.#wake());
    this.#link = options.link;
    this.#linkEvents = {
      up: () => this.#session.connect(this),
      frame: (frame) => this.#receive(frame),
      down: (cause) => this.#lost(cause),
      fail: (error) => this.#fail(error),
      notice: (text) => this.#options.onNotice?.(text),
    };
    this.finished = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // A caller that only awaits `finished` later must not see an unhandled rejection meanwhile.
    this.finished.catch(() => {});
  }

  get id(): MachineId {
    return this.#options.id;
  }

  status(): MachineStatus {
    const session = this.#session;
    const machine = session.machine;
    const phase = session.phase;
    const state: MachineStatus["state"] =
      phase === "running"
        ? "running"
        : phase === "draining"
          ? "draining"
          : phase === "ended"
            ? "stopped"
            : phase === "new"
              ? "connecting"
              : "waiting";
    return {
      id: this.id,
      state,
      ticksPerSecond: session.ticksPerSecond,
      ticks: machine?.ticks ?? 0,
      lamport: machine?.lamport ?? 0,
      queueLength: machine?.queueLength ?? 0,
      runDir: this.#runDir,
    };
  }

  /** Connects and says hello; the rest happens on the router's frames. */
  async start(): Promise<void> {
    await this.#link.open(this.#linkEvents, this.#options.connectTimeoutMs, () => this.#gaveUp());
  }

  /** Ends the run for this machine (a signal): it says done and waits a little for the end frame. */
  stop(reason: string): void {
    if (this.#session.phase === "ended") return;
    this.#session.stop(reason, hostNowMs(), this);
    this.#rearm();
    this.#waitForEnd(STOP_WAIT_MS, reason);
  }

  // SessionOutput ---------------------------------------------------------------------------

  frame(frame: ClientFrame): void {
    processWakeQueue.afterRound(() => this.#link.send(frame));
  }

  event(line: EventLine): void {
    const log = this.#log;
    if (log === null) return;
    try {
      log.writeLine(eventLineJson(line));
    } catch (error) {
      this.#failDisk(log.path, error);
    }
  }

  lifecycle(change: SessionLifecycle): void {
    switch (change.type) {
      case "joined":
        this.#openLog(change.runId);
        break;
      case "started":
        this.#endAtMs = change.endAtMs;
        this.#rearm();
        break;
      case "refused-delivery":
        processWakeQueue.afterRound(() =>
          this.#link.refusedDelivery?.(change.id, change.from, change.reason),
        );
        this.#options.onNotice?.(
          `${this.id}: refused a delivery ${change.id} from ${change.from}: ${change.reason}`,
        );
        break;
      case "ended":
        this.#ended(change.final, change.refusal);
        break;
    }
    this.#options.onStatus?.(this.status());
  }

  // The link ------------------------------------------------------------------------------

  #gaveUp(): boolean {
    return this.#session.phase === "ended" || this.#settled;
  }

  #receive(frame: ServerFrame): void {
    this.#session.receive(frame, hostNowMs(), this);
    this.#rearm();
  }

  /** The connection is gone: tick on (sends fail) and reconnect, unless the run is over for us. */
  #lost(cause: string | null): void {
    const session = this.#session;
    session.disconnect();
    const phase = session.phase;
    if (phase === "ended" || this.#settled) return;
    if (phase === "new" || phase === "hello-sent" || phase === "welcomed" || phase === "log-open") {
      const why = cause === null ? "" : ` (${cause})`;
      this.#fail(new UserError(`${this.#link.peerName} closed the connection before the run started${why}`));
      return;
    }
    if (this.#reconnecting || this.#link.reopensByItself) return;
    this.#reconnecting = true;
    this.#options.onNotice?.(
      `${this.id}: lost the router${cause === null ? "" : ` (${cause})`}; ticking on and reconnecting`,
    );
    const untilMs = this.#reconnectDeadlineMs() - hostNowMs();
    this.#link
      .open(this.#linkEvents, Math.max(0, untilMs), () => this.#gaveUp())
      .then((up) => {
        if (up) this.#options.onNotice?.(`${this.id}: reconnected to the router`);
      })
      .catch(() => {
        this.#options.onNotice?.(`${this.id}: the router did not come back before the end of the run`);
        this.#session.giveUp("the router did not come back", hostNowMs(), this);
      })
      .finally(() => {
        this.#reconnecting = false;
      });
  }

  /** A router that went away may come back until a little after the run's end. */
  #reconnectDeadlineMs(): number {
    return (this.#endAtMs ?? hostNowMs() + 24 * 3600_000) + END_WAIT_MS;
  }

  // Timers ----------------------------------------------------------------------------------

  #wake(): void {
    this.#session.wake(hostNowMs(), this);
    this.#rearm();
    this.#options.onStatus?.(this.status());
  }

  #rearm(): void {
    const next = this.#session.nextWakeMs;
    if (next === null) {
      this.#timer.cancel();
      if (this.#session.phase === "draining") this.#waitForEnd(END_WAIT_MS, "no end frame from the router");
      return;
    }
    this.#timer.armAt(next);
  }

  /** Done (or stopped): wait for the end frame, but not forever. */
  #waitForEnd(waitMs: number, reason: string): void {
    if (this.#endWait !== null || this.#session.phase === "ended") return;
    this.#endWait = setTimeout(() => this.#session.giveUp(reason, hostNowMs(), this), waitMs);
    this.#endWait.unref();
  }

  // The run directory ---------------------------------------------------------------------------

  #openLog(runId: string): void {
    try {
      const runDir = ensureRunDirectory(this.#options.logDir, runId);
      const path = machineLogFile(runDir, this.id);
      let resume: MachineResumeState | undefined;
      this.#freshLog = !existsSync(path);
      try {
        resume = resumeStateFromLog(path);
        if (resume !== undefined && this.#options.resumeClocks === "zero") resume = clocksAtZero(resume);
      } catch (error) {
        if (errnoCode(error) !== "ENOENT")
          throw new UserError(`cannot read ${path} to resume from it: ${describeFsError(error)}`);
      }
      this.#log = new SyncLineWriter(path);
      this.#runDir = runDir;
      this.#session.openedLog(resume);
    } catch (error) {
      this.#fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #failDisk(path: string, error: unknown): void {
    const reason = `cannot write ${path}: ${describeFsError(error)}`;
    this.#failure ??= new UserError(reason);
    this.#log?.closeQuietly();
    this.#log = null;
    this.#session.fail(reason, hostNowMs(), this);
  }

  #ended(final: MachineFinal, refusal: string | null): void {
    this.#final = final;
    this.#timer.cancel();
    if (this.#endWait !== null) clearTimeout(this.#endWait);
    // A machine that left before the start took no part in the run: it leaves no files in it
    // (an empty log and a final file would make it look like one of the run's machines).
    const tookPart = this.#session.machine !== null;
    if (this.#runDir !== null && this.#failure === null && tookPart) {
      try {
        writeMachineFinal(this.#runDir, final);
      } catch (error) {
        this.#options.onNotice?.(`${this.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.#log?.closeQuietly();
    if (!tookPart && this.#freshLog && this.#log !== null) {
      rmSync(this.#log.path, { force: true });
      this.#runDir = null;
    }
    this.#log = null;
    const byeReason = refusal === null && this.#failure === null ? "run ended" : final.reason;
    processWakeQueue.afterRound(() => this.#link.close(byeReason));
    if (refusal !== null)
      this.#failure ??= new UserError(`router refused ${this.id}: ${escapeForTerminal(refusal)}`);
    this.#settle();
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#session.giveUp(error.message, hostNowMs(), this);
    this.#settle();
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#timer.cancel();
    if (this.#failure !== null) {
      this.#reject(this.#failure);
      return;
    }
    const final = this.#final;
    this.#resolve({
      id: this.id,
      reason: final?.reason ?? "closed",
      ticks: final?.ticks ?? 0,
      runDir: this.#runDir,
    });
  }
}
