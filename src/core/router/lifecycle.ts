// The run's life as the router sees it: gathering machines until the start barrier opens, running,
// and ended. It decides when the barrier opens (every expected machine said hello; a machine that
// leaves before that frees its slot), what the plan is (drawn once, at the barrier, with the speeds
// machines asked for), and when the run is over: every member done or gone once the end time has
// come (or all of them done before it), or the grace after the end time or after an interrupt ran out.
import type { ClockCeilingInput } from "../clockCeiling.ts";
import type { MachinePlan, RunPlan } from "../plan.ts";
import { compareIds, Membership } from "../routing.ts";
import type { MachineId } from "../types.ts";

interface Started {
  t0: number;
  /** null: the run has no set duration. */
  endAt: number | null;
  plan: RunPlan;
  membership: Membership;
  machineById: ReadonlyMap<MachineId, MachinePlan>;
}

const DURATION_REACHED = "duration reached";

export type RunPhase =
  | { kind: "gathering" }
  | ({ kind: "running"; interrupt: { reason: string; deadlineMs: number } | null } & Started)
  | ({ kind: "ended"; status: "completed" | "interrupted"; reason: string } & Started);

export interface LifecycleOptions {
  expectedMachines: number;
  startDelayMs: number;
  durationMs: number | undefined;
  endGraceMs: number;
  interruptGraceMs: number;
  plan: (ids: MachineId[], requestedSpeeds: ReadonlyMap<MachineId, number>) => RunPlan;
  resume?: { t0: number; endAt?: number; members: readonly MachineId[]; speeds?: Record<MachineId, number> };
}

export class RunLifecycle {
  readonly #options: LifecycleOptions;
  #phase: RunPhase = { kind: "gathering" };
  /** Joined ids in sorted order while gathering (sorting per hello would be O(N^2 log N)). */
  readonly #joined: MachineId[] = [];
  readonly #joinedSet = new Set<MachineId>();
  readonly #requestedSpeeds = new Map<MachineId, number>();
  readonly #done = new Set<MachineId>();
  /** Set when the run is interrupted before it started; reported once. */
  #interruptedEarly: { reason: string; reported: boolean } | null = null;
  /** Whether a settle has seen the end time pass (then the next look is at the end of the grace). */
  #endTimeSeen = false;
  /** The first reason a member gave for stopping before its last tick (a signal to its process). */
  #stoppedEarly: string | null = null;

  constructor(options: LifecycleOptions) {
    this.#options = options;
    const resume = options.resume;
    if (resume !== undefined) {
      for (const id of resume.members) this.#add(id);
      for (const [id, speed] of Object.entries(resume.speeds ?? {})) this.#requestedSpeeds.set(id, speed);
      this.#phase = { kind: "running", interrupt: null, ...this.#started(resume.t0, resume.endAt ?? null) };
    }
  }

  get phase(): RunPhase {
    return this.#phase;
  }

  get members(): readonly MachineId[] {
    return this.#phase.kind === "gathering" ? this.#joined : this.#phase.membership.ids;
  }

  get joinedCount(): number {
    return this.#joinedSet.size;
  }

  isMember(id: MachineId): boolean {
    return this.#phase.kind === "gathering" ? this.#joinedSet.has(id) : this.#phase.membership.has(id);
  }

  /** When the lifecycle next needs a look: the end time, then the end of the grace. */
  get nextWakeMs(): number | null {
    const phase = this.#phase;
    if (phase.kind !== "running") return null;
    if (phase.interrupt !== null) return phase.interrupt.deadlineMs;
    if (phase.endAt === null) return null;
    return this.#endTimeSeen ? phase.endAt + this.#options.endGraceMs : phase.endAt;
  }

  join(id: MachineId, requestedTicksPerSecond: number | undefined): void {
    if (this.#phase.kind !== "gathering") return;
    this.#add(id);
    if (requestedTicksPerSecond !== undefined) this.#requestedSpeeds.set(id, requestedTicksPerSecond);
  }

  /** A machine's connection is gone. Before the start, that frees its place in the barrier. */
  left(id: MachineId): void {
    if (this.#phase.kind !== "gathering" || !this.#joinedSet.has(id)) return;
    this.#joinedSet.delete(id);
    this.#joined.splice(this.#joined.indexOf(id), 1);
    this.#requestedSpeeds.delete(id);
  }

  /** A member finished; a reason other than "duration reached" means it was stopped early. */
  done(id: MachineId, reason: string | undefined): void {
    if (!this.isMember(id)) return;
    this.#done.add(id);
    if (reason !== undefined && reason !== DURATION_REACHED) this.#stoppedEarly ??= reason;
  }

  /** Opens the barrier if every expected machine is here; returns what the start frames announce. */
  openIfComplete(nowMs: number): { t0: number; endAt: number | null; plan: RunPlan } | null {
    if (this.#phase.kind !== "gathering" || this.#joinedSet.size < this.#options.expectedMachines)
      return null;
    const t0 = nowMs + this.#options.startDelayMs;
    const duration = this.#options.durationMs;
    const started = this.#started(t0, duration === undefined ? null : t0 + duration);
    this.#phase = { kind: "running", interrupt: null, ...started };
    return { t0, endAt: started.endAt, plan: started.plan };
  }

  interrupt(reason: string, nowMs: number): void {
    const phase = this.#phase;
    if (phase.kind === "gathering") this.#interruptedEarly ??= { reason, reported: false };
    else if (phase.kind === "running" && phase.interrupt === null)
      phase.interrupt = { reason, deadlineMs: nowMs + this.#options.interruptGraceMs };
  }

  /** What the run's clock ceilings are computed from (a run that has not started has none). */
  ceilingInput(): ClockCeilingInput {
    const phase = this.#phase;
    if (phase.kind === "gathering") return { t0Ms: 0, machines: 0, runTicksPerSecond: 0, maxClockLeadMs: 0 };
    return {
      t0Ms: phase.t0,
      machines: phase.membership.size,
      runTicksPerSecond: phase.plan.runTicksPerSecond,
      maxClockLeadMs: phase.plan.maxClockLeadMs,
    };
  }

  /**
   * Ends the run if it is over, given which members are connected; returns how it ended, or null.
   * Members not connected cannot say done, so they do not hold the end up once the end time came.
   */
  /** Until when the run waits for stragglers: the end of the grace (after the end time or an interrupt). */
  graceEndMs(): number {
    const phase = this.#phase;
    if (phase.kind !== "running") return Number.NEGATIVE_INFINITY;
    if (phase.interrupt !== null) return phase.interrupt.deadlineMs;
    return phase.endAt === null ? Number.POSITIVE_INFINITY : phase.endAt + this.#options.endGraceMs;
  }

  settle(
    nowMs: number,
    connected: (id: MachineId) => boolean,
    /** Deliveries the router still holds that fall due before the grace ends: the end waits for them. */
    heldBriefly = false,
  ): { status: "completed" | "interrupted"; reason: string } | null {
    const phase = this.#phase;
    if (phase.kind === "gathering") {
      const early = this.#interruptedEarly;
      if (early === null || early.reported) return null;
      // Interrupted before the start: there is no plan; the run ends with nothing more to announce.
      early.reported = true;
      return { status: "interrupted", reason: early.reason };
    }
    if (phase.kind === "ended") return null;
    const ids = phase.membership.ids;
    const allDone = ids.every((id) => this.#done.has(id));
    const settled = allDone || ids.every((id) => this.#done.has(id) || !connected(id));
    const interrupt = phase.interrupt;
    const endCame = interrupt !== null || (phase.endAt !== null && nowMs >= phase.endAt);
    if (endCame) this.#endTimeSeen = true;
    const graceOver =
      interrupt !== null
        ? nowMs >= interrupt.deadlineMs
        : phase.endAt !== null && nowMs >= phase.endAt + this.#options.endGraceMs;
    if (!(allDone || (settled && endCame) || graceOver)) return null;
    if (heldBriefly && !graceOver) return null;
    const early = interrupt?.reason ?? this.#stoppedEarly;
    const status = early !== null ? "interrupted" : "completed";
    const reason = early ?? DURATION_REACHED;
    this.#phase = { ...phase, kind: "ended", status, reason };
    return { status, reason };
  }

  #add(id: MachineId): void {
    if (this.#joinedSet.has(id)) return;
    this.#joinedSet.add(id);
    let low = 0;
    let high = this.#joined.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareIds(this.#joined[middle]!, id) <= 0) low = middle + 1;
      else high = middle;
    }
    this.#joined.splice(low, 0, id);
  }

  #started(t0: number, endAt: number | null): Started {
    const ids = [...this.#joined];
    const plan = this.#options.plan(ids, this.#requestedSpeeds);
    return {
      t0,
      endAt,
      plan,
      membership: new Membership(ids),
      machineById: new Map(plan.machines.map((machine) => [machine.id, machine])),
    };
  }
}
