// A live model machine: connects to the router over TCP, says hello, waits for the start barrier,
// then drives the core Machine on its absolute tick schedule, logging every event to
// <logDir>/<runId>/<id>.jsonl as it happens. All model behaviour is in src/core/machine.ts.
import { writeFileSync } from "node:fs";
import type { Socket } from "node:net";
import type { ClocklabConfig } from "../core/config.ts";
import { encodeFrame, FrameDecoder } from "../core/frame.ts";
import { eventLineJson } from "../core/logFormat/eventLine.ts";
import { Machine } from "../core/machine.ts";
import { type MachinePlan, machineRandom, planRun, type RunPlan } from "../core/plan.ts";
import { PROTOCOL_VERSION, parseServerFrame, type ServerFrame, type StartFrame } from "../core/protocol.ts";
import { createRandom, deriveSeed } from "../core/random.ts";
import { compareIds } from "../core/routing.ts";
import type { Delivery, MachineId, SentMessageSummary } from "../core/types.ts";
import { UserError } from "../core/userError.ts";
import { hostNowMs } from "./clock.ts";
import { connectWithRetry } from "./connectTcp.ts";
import { type LineSink, SyncLineWriter } from "./lineWriter.ts";
import { resumeStateFromLog } from "./resumeFromLog.ts";
import { ensureRunDirectory, machineFinalFile, machineLogFile } from "./runDirectory.ts";
import { TickTimer } from "./tickTimer.ts";

export interface MachineClientOptions {
  id: MachineId;
  config: ClocklabConfig;
  /** Use this seed instead of the router's (the router's makes by-hand runs reproducible). */
  seed?: number;
  /** Use this speed instead of the one drawn from the seed. */
  ticksPerSecond?: number;
  connectTimeoutMs: number;
  onStatus?: (status: MachineStatus) => void;
  /** Diagnostics for the user (connection retries, refusals). */
  onNotice?: (text: string) => void;
}

export interface MachineStatus {
  id: MachineId;
  state: "connecting" | "waiting" | "running" | "stopped";
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

interface SharedRunPlan {
  peers: MachineId[];
  plan: RunPlan;
  machineById: Map<MachineId, MachinePlan>;
}

/**
 * One plan per run for all the machines a process hosts: every machine gets the same start frame,
 * and computing the plan (and sorting the peers) per machine made starting 1,000 machines
 * quadratic, late enough to miss the first ticks.
 */
const sharedRunPlans = new WeakMap<ClocklabConfig, Map<string, SharedRunPlan>>();

function sharedRunPlan(
  config: ClocklabConfig,
  seed: number,
  startPeers: readonly MachineId[],
): SharedRunPlan {
  let byKey = sharedRunPlans.get(config);
  if (byKey === undefined) {
    byKey = new Map();
    sharedRunPlans.set(config, byKey);
  }
  const key = `${seed}|${startPeers.join(",")}`;
  let shared = byKey.get(key);
  if (shared === undefined) {
    const peers = [...startPeers].sort(compareIds);
    const plan = planRun(config, seed, peers);
    shared = { peers, plan, machineById: new Map(plan.machines.map((m) => [m.id, m])) };
    byKey.set(key, shared);
  }
  return shared;
}

export class MachineClient {
  readonly #options: MachineClientOptions;
  #socket: Socket | null = null;
  #log: LineSink | null = null;
  #machine: Machine | null = null;
  #timer: TickTimer | null = null;
  #runDir: string | null = null;
  #runId: string | null = null;
  #seed: number | null = null;
  #ticksPerSecond: number | null = null;
  #state: MachineStatus["state"] = "connecting";
  #reconnecting = false;
  #endAtMs: number | undefined;
  #finished = false;
  #endReason: string | null = null;
  #resolveFinished!: (end: MachineEnd) => void;
  #rejectFinished!: (error: Error) => void;
  readonly finished: Promise<MachineEnd>;

  constructor(options: MachineClientOptions) {
    this.#options = options;
    this.finished = new Promise((resolve, reject) => {
      this.#resolveFinished = resolve;
      this.#rejectFinished = reject;
    });
    this.finished.catch(() => {});
  }

  get id(): MachineId {
    return this.#options.id;
  }

  status(): MachineStatus {
    return {
      id: this.#options.id,
      state: this.#state,
      ticksPerSecond: this.#ticksPerSecond,
      ticks: this.#machine?.ticks ?? 0,
      lamport: this.#machine?.lamport ?? 0,
      queueLength: this.#machine?.queueLength ?? 0,
      runDir: this.#runDir,
    };
  }

  /** Connects and says hello; the rest happens on the router's frames. */
  async start(): Promise<void> {
    await this.#connect(this.#options.connectTimeoutMs);
    this.#state = "waiting";
    this.#emitStatus();
  }

  async #connect(timeoutMs: number): Promise<void> {
    const { router } = this.#options.config;
    const socket = await connectWithRetry({
      host: router.host,
      port: router.port,
      timeoutMs,
      shouldGiveUp: () => this.#endReason !== null,
      onRetry: (error, attempt) => {
        if (attempt === 1) this.#options.onNotice?.(`${this.id}: waiting for the router (${error.code})`);
      },
    });
    if (this.#endReason !== null) {
      socket.destroy();
      return;
    }
    this.#socket = socket;
    const decoder = new FrameDecoder(router.maxFrameBytes);
    socket.on("data", (chunk: Buffer) => {
      for (const decoded of decoder.push(chunk)) {
        if (!decoded.ok) return this.#fail(new Error(`bad frame from the router: ${decoded.error.message}`));
        let frame: ServerFrame;
        try {
          frame = parseServerFrame(decoded.value);
        } catch (error) {
          return this.#fail(new Error(`bad frame from the router: ${(error as Error).message}`));
        }
        this.#onFrame(frame);
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      if (this.#socket === socket) this.#socket = null;
      this.#onClose();
    });
    const hello: Record<string, unknown> = { type: "hello", protocol: PROTOCOL_VERSION, id: this.id };
    if (router.token !== null) hello.token = router.token;
    if (this.#options.ticksPerSecond !== undefined) hello.ticksPerSecond = this.#options.ticksPerSecond;
    socket.write(encodeFrame(hello));
  }

  /** The router went away mid-run: keep ticking (sends are logged as failed) and reconnect with backoff. */
  #reconnect(): void {
    if (this.#reconnecting || this.#endReason !== null) return;
    this.#reconnecting = true;
    this.#options.onNotice?.(`${this.id}: lost the router; ticking on and reconnecting`);
    const untilEndMs = this.#endAtMs === undefined ? 24 * 3600_000 : Math.max(0, this.#endAtMs - hostNowMs());
    this.#connect(untilEndMs)
      .then(() => {
        if (this.#socket !== null) this.#options.onNotice?.(`${this.id}: reconnected to the router`);
      })
      .catch(() =>
        this.#options.onNotice?.(`${this.id}: the router did not come back before the end of the run`),
      )
      .finally(() => {
        this.#reconnecting = false;
        if (this.#endReason !== null && this.#socket === null) this.#finish();
      });
  }

  /** Ends the run for this machine (signal or end of duration): flushes its log and says bye. */
  stop(reason: string): void {
    if (this.#endReason !== null) return;
    this.#endReason = reason;
    this.#timer?.stop();
    this.#state = "stopped";
    const socket = this.#socket;
    if (socket !== null && !socket.destroyed && socket.writable) {
      socket.write(encodeFrame({ type: "bye", reason }));
      socket.end();
      // The router answers bye by closing; deliveries it sent before that still arrive and are
      // recorded as queued. Do not wait forever for a router that has gone quiet.
      setTimeout(() => socket.destroy(), 2000).unref();
    } else if (!this.#reconnecting) {
      this.#finish();
    }
  }

  #onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case "welcome":
        this.#onWelcome(frame.runId, frame.seed);
        break;
      case "start":
        this.#onStart(frame);
        break;
      case "deliver": {
        const { type: _type, ...delivery } = frame;
        this.#machine?.deliver(delivery as Delivery);
        break;
      }
      case "error":
        this.#fail(new UserError(`router refused ${this.id}: ${frame.code}: ${frame.message}`));
        break;
    }
  }

  #onWelcome(runId: string, routerSeed: number): void {
    if (this.#runId !== null) {
      if (runId !== this.#runId)
        this.#fail(new UserError(`the router now runs ${runId}, not ${this.#runId}`));
      return;
    }
    this.#runId = runId;
    this.#seed = this.#options.seed ?? routerSeed;
    this.#runDir = ensureRunDirectory(this.#options.config.run.logDir, runId);
    this.#log = new SyncLineWriter(machineLogFile(this.#runDir, this.id));
  }

  #onStart(start: StartFrame): void {
    if (this.#machine !== null || this.#endReason !== null) return;
    const seed = this.#seed!;
    const { peers, plan, machineById } = sharedRunPlan(this.#options.config, seed, start.peers);
    const mine = machineById.get(this.id);
    if (mine === undefined) {
      this.#fail(new Error(`${this.id} is not among the run's machines`));
      return;
    }
    const speed = this.#options.ticksPerSecond ?? mine.ticksPerSecond;
    this.#endAtMs = start.endAt;
    this.#ticksPerSecond = speed;
    const resume = resumeStateFromLog(machineLogFile(this.#runDir!, this.id));
    this.#machine = new Machine({
      id: this.id,
      members: peers,
      actions: plan.actions,
      // After a restart, a fresh random stream: replaying the first one would repeat its dice.
      random: resume
        ? createRandom(deriveSeed(seed, `machine:${this.id}:after:${resume.seq}`))
        : machineRandom(seed, this.id),
      physicalClock: mine.clock,
      vectorClocks: plan.vectorClocks,
      payload: plan.payload,
      resume,
    });
    // A fresh machine runs every tick from 1 (a late start catches up, as any stall does), so its
    // k-th event is its k-th scheduled tick. A machine restarted after a crash resumes with the
    // tick that is due now: the ticks it missed while it was down did not happen.
    const firstTick =
      resume === undefined ? 1 : Math.max(1, Math.floor(((hostNowMs() - start.t0) * speed) / 1000) + 1);
    this.#timer = new TickTimer({
      t0Ms: start.t0,
      ticksPerSecond: speed,
      endAtMs: start.endAt,
      firstTick,
      onTick: () => this.#tick(),
      onEnd: () => this.stop("duration reached"),
    });
    this.#state = "running";
    this.#timer.start();
    this.#emitStatus();
  }

  #tick(): void {
    const machine = this.#machine!;
    const outcome = machine.tick(hostNowMs());
    if (outcome.send !== undefined) {
      const socket = this.#socket;
      if (socket?.writable && !this.#reconnecting) {
        socket.write(encodeFrame({ type: "send", ...outcome.send }));
      } else if (outcome.event.message !== undefined) {
        (outcome.event.message as SentMessageSummary).failed = "router-down";
      }
    }
    this.#log!.writeLine(eventLineJson(outcome.event));
    this.#emitStatus();
  }

  #emitStatus(): void {
    this.#options.onStatus?.(this.status());
  }

  #onClose(): void {
    if (this.#endReason !== null) {
      if (!this.#reconnecting) this.#finish();
      return;
    }
    if (this.#machine === null) {
      const { host, port } = this.#options.config.router;
      this.#fail(new UserError(`the router at ${host}:${port} closed the connection before the run started`));
      return;
    }
    this.#reconnect();
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    const machine = this.#machine;
    if (this.#runDir !== null) {
      const final = {
        id: this.id,
        runId: this.#runId,
        endedAt: hostNowMs(),
        reason: this.#endReason,
        ticks: machine?.ticks ?? 0,
        lamport: machine?.lamport ?? 0,
        queued: (machine?.pendingMessages() ?? []).map((m) => ({ id: m.id, from: m.from })),
      };
      writeFileSync(machineFinalFile(this.#runDir, this.id), `${JSON.stringify(final, null, 2)}\n`);
    }
    this.#log?.close();
    this.#log = null;
    this.#emitStatus();
    this.#resolveFinished({
      id: this.id,
      reason: this.#endReason ?? "closed",
      ticks: machine?.ticks ?? 0,
      runDir: this.#runDir,
    });
  }

  #fail(error: Error): void {
    this.#timer?.stop();
    this.#state = "stopped";
    this.#endReason ??= error.message;
    this.#socket?.destroy();
    this.#log?.close();
    this.#log = null;
    this.#rejectFinished(error);
  }
}
