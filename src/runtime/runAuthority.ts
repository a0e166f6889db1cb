// The run's authority on this host, whatever carries its messages: it sets up the run directory
// and run.json (or takes up a run a killed predecessor left, from run.json and router.jsonl), opens
// router.jsonl, gives the core Router its options, follows the run's lifecycle into run.json, and
// records how the run ended. The TCP router and the NATS coordinator are both this, plus a transport.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { ClocklabConfig } from "../core/config.ts";
import { routerLogJson } from "../core/logFormat/routerLine.ts";
import { planRun } from "../core/plan.ts";
import type { RouterOptions } from "../core/router.ts";
import type { RouterLogEntry } from "../core/routerLog.ts";
import { machinesOf, newRunInfo, type RunInfo, type RunStatus } from "../core/runInfo.ts";
import { UserError } from "../core/userError.ts";
import { hostNowMs } from "./clock.ts";
import { BufferedLineWriter } from "./lineWriter.ts";
import { readRunInfoIfPresent } from "./readRunInfo.ts";
import { scanRouterLog } from "./routerLogScan.ts";
import {
  currentVersions,
  ensureRunDirectory,
  ROUTER_LOG_FILE,
  runDirectoryPath,
  timestampRunName,
  writeRunInfo,
} from "./runDirectory.ts";
import { pickSeed } from "./seed.ts";
import type { RouterLifecycleEffect } from "./tcpRouter.ts";

/** Lower bound on t0's lead per machine, so large runs get every start frame out in time. */
const START_DELAY_PER_MACHINE_MS = 2;
/** How often buffered router log lines are handed to the kernel. */
const LOG_FLUSH_INTERVAL_MS = 50;

export interface RunResult {
  status: RunStatus;
  reason: string;
}

export class RunAuthority {
  readonly runId: string;
  readonly runDir: string;
  readonly seed: number;
  readonly info: RunInfo;
  readonly log: BufferedLineWriter;
  /** The options for the core Router, a resumed run's included. */
  readonly routerOptions: RouterOptions;
  readonly finished: Promise<RunResult>;
  readonly #createdDir: boolean;
  readonly #resumed: RunInfo | null;
  readonly #flushTimer: NodeJS.Timeout;
  #settle!: (result: RunResult) => void;
  #ending = false;
  /** Closes the transport before the end is recorded (set once the transport is up). */
  closeTransport: () => Promise<void> = async () => {};

  constructor(config: ClocklabConfig) {
    const run = config.run;
    this.runId = run.name ?? timestampRunName(Date.now());
    this.runDir = runDirectoryPath(run.logDir, this.runId);
    this.#createdDir = !existsSync(this.runDir);
    const previous = previousRun(this.runDir, this.runId);
    this.#resumed = previous !== null && previous.t0 !== null ? previous : null;
    this.seed = previous?.seed ?? pickSeed(run.seed);
    ensureRunDirectory(run.logDir, this.runId);
    this.info =
      previous ??
      newRunInfo({
        runId: this.runId,
        mode: "live",
        seed: this.seed,
        config,
        plan: planRun(config, this.seed),
        versions: currentVersions(),
        createdAt: new Date().toISOString(),
        t0: null,
      });
    this.info.faults ??= [];
    writeRunInfo(this.runDir, this.info);
    const logPath = join(this.runDir, ROUTER_LOG_FILE);
    this.routerOptions = this.#routerOptions(config, logPath);
    this.log = new BufferedLineWriter(logPath, 64 * 1024);
    this.finished = new Promise((resolve) => {
      this.#settle = resolve;
    });
    this.#flushTimer = setInterval(() => {
      try {
        this.log.flush();
      } catch {
        // A failing flush is reported by the next write-ahead flush, which stops the run.
      }
    }, LOG_FLUSH_INTERVAL_MS);
  }

  get ending(): boolean {
    return this.#ending;
  }

  /** The transport is up: a resumed run says so in router.jsonl. */
  announce(onLog?: (entry: RouterLogEntry) => void): void {
    const resumed = this.#resumed;
    if (resumed === null || resumed.t0 === null) return;
    const entry: RouterLogEntry = {
      type: "resumed",
      at: hostNowMs(),
      t0: resumed.t0,
      peers: resumed.machines.map((m) => m.id),
    };
    this.log.writeLine(routerLogJson(entry));
    this.log.flush();
    onLog?.(entry);
  }

  /** The core Router's lifecycle: the start goes into run.json, the end ends the run. */
  onLifecycle(effect: RouterLifecycleEffect): void {
    if (effect.type === "started") {
      this.info.t0 = effect.t0;
      this.info.machines = machinesOf(effect.plan);
      this.info.faults = effect.plan.faults;
      writeRunInfo(this.runDir, this.info);
    } else {
      void this.end(effect.status, effect.reason);
    }
  }

  /** Closes the transport and the log, and records how the run ended. */
  async end(status: RunStatus, reason: string): Promise<void> {
    if (this.#ending) return;
    this.#ending = true;
    clearInterval(this.#flushTimer);
    await this.closeTransport();
    try {
      this.log.close();
    } catch {
      // The failure was the reason for this end, or is reported below through run.json.
    }
    this.info.status = status;
    this.info.endReason = reason;
    this.info.endedAt = new Date().toISOString();
    writeRunInfo(this.runDir, this.info);
    this.#settle({ status, reason });
  }

  /** The transport never came up: a run that never started leaves nothing behind. */
  abandon(): void {
    clearInterval(this.#flushTimer);
    this.log.closeQuietly();
    if (this.#createdDir) rmSync(this.runDir, { recursive: true, force: true });
    else if (this.#resumed === null) rmSync(join(this.runDir, "run.json"), { force: true });
  }

  #routerOptions(config: ClocklabConfig, logPath: string): RouterOptions {
    const { router, run } = config;
    const options: RouterOptions = {
      runId: this.runId,
      seed: this.seed,
      config,
      expectedMachines: run.machines,
      // Every machine must have its start frame before t0: allow ~2 ms per machine for large runs.
      startDelayMs: Math.max(router.startDelayMs, run.machines * START_DELAY_PER_MACHINE_MS),
      durationMs: run.durationS * 1000,
    };
    if (router.token !== null) options.token = router.token;
    const resumed = this.#resumed;
    if (resumed !== null && resumed.t0 !== null) {
      const memory = scanRouterLog(logPath);
      options.resume = {
        t0: resumed.t0,
        endAt: resumed.t0 + run.durationS * 1000,
        members: resumed.machines.map((m) => m.id),
        speeds: Object.fromEntries(resumed.machines.map((m) => [m.id, m.ticksPerSecond])),
        lastSeqs: memory.lastSeqs,
        faultLines: memory.faultLines,
      };
    }
    return options;
  }
}

/** The run.json already in the directory: a run to take up after a crash, or null for a new one. */
function previousRun(runDir: string, runId: string): RunInfo | null {
  const previous = readRunInfoIfPresent(runDir);
  if (previous !== null && previous.status !== "running") {
    throw new UserError(
      `run ${runId} in ${runDir} already ended (${previous.status}); expected a new --name`,
    );
  }
  if (previous === null && existsSync(join(runDir, ROUTER_LOG_FILE))) {
    throw new UserError(
      `${runDir} holds a router.jsonl but no run.json: the record of that run is gone, and its machines may ` +
        "still keep its schedule; refusing to start another run there (choose a new --name)",
    );
  }
  return previous;
}
