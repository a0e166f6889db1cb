// `clocklab router`: the run's authority on this host. It sets up the run directory and run.json,
// listens for the expected machines and lets the core Router run the run: the barrier, routing,
// and the end, which it records in run.json. A router restarted with the same --name after a crash
// takes the run up again from run.json and router.jsonl.
import { existsSync, rmSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import type { ClocklabConfig } from "../core/config.ts";
import type { FaultWindow } from "../core/faults/schedule.ts";
import { routerLogJson } from "../core/logFormat/routerLine.ts";
import { planRun } from "../core/plan.ts";
import type { RouterOptions } from "../core/router.ts";
import type { RouterLogEntry } from "../core/routerLog.ts";
import { machinesOf, newRunInfo, type RunInfo, type RunStatus } from "../core/runInfo.ts";
import { UserError } from "../core/userError.ts";
import { hostNowMs } from "./clock.ts";
import { hasParent } from "./ipc.ts";
import { BufferedLineWriter } from "./lineWriter.ts";
import type { ProcessFaultNote } from "./processFaults.ts";
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
import { type RouterLifecycleEffect, startTcpRouter, type TcpRouterHandle } from "./tcpRouter.ts";

/** Lower bound on t0's lead per machine, so large runs get every start frame out in time. */
const START_DELAY_PER_MACHINE_MS = 2;
/** How often buffered router log lines are handed to the kernel. */
const LOG_FLUSH_INTERVAL_MS = 50;
/** After the end, how long machines have to close their connections. */
const CLOSE_GRACE_MS = 2000;

export interface RouterRunEvents {
  onListening?: (info: {
    host: string;
    port: number;
    runDir: string;
    runId: string;
    seed: number;
    faults: FaultWindow[];
  }) => void;
  onLog?: (entry: RouterLogEntry) => void;
}

export interface RouterRunResult {
  status: RunStatus;
  reason: string;
}

export interface RouterRun {
  runDir: string;
  runId: string;
  port: number;
  handle: TcpRouterHandle;
  /** A signal: the run ends once the machines are done (or after a short grace). */
  interrupt(reason: string): void;
  /** Records what the launcher did for a process fault. */
  recordProcessFault(note: ProcessFaultNote): void;
  finished: Promise<RouterRunResult>;
}

/**
 * Pauses and crashes are done to processes, by the launcher that started them: a router started
 * by hand cannot do them, so it refuses a config that has them rather than ignore them.
 */
function refuseProcessFaultsByHand(config: ClocklabConfig): void {
  if (hasParent()) return;
  const windows = planRun(config, config.run.seed ?? 0).faults;
  const process = windows.find((window) => window.kind === "pause" || window.kind === "crash");
  if (process === undefined) return;
  throw new UserError(
    `${process.source}: a ${process.kind} fault acts on a machine's process, which only \`clocklab run\` ` +
      "(the launcher) starts and can stop; a router started by hand takes network and clock faults only",
  );
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || (isIP(host) === 4 && host.startsWith("127."));
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

export async function startRouterRun(
  config: ClocklabConfig,
  events: RouterRunEvents = {},
): Promise<RouterRun> {
  const { router: routerConfig, run } = config;
  if (!isLoopback(routerConfig.host) && routerConfig.token === null) {
    throw new UserError(
      `router.host ${routerConfig.host} is not a loopback address; listening there requires a shared token (--token, at least 8 characters)`,
    );
  }
  refuseProcessFaultsByHand(config);
  const runId = run.name ?? timestampRunName(Date.now());
  const runDir = runDirectoryPath(run.logDir, runId);
  const createdDir = !existsSync(runDir);
  const previous = previousRun(runDir, runId);
  const resume = previous !== null && previous.t0 !== null ? previous : null;
  const seed = previous?.seed ?? pickSeed(run.seed);
  ensureRunDirectory(run.logDir, runId);
  const info: RunInfo =
    previous ??
    newRunInfo({
      runId,
      mode: "live",
      seed,
      config,
      plan: planRun(config, seed),
      versions: currentVersions(),
      createdAt: new Date().toISOString(),
      t0: null,
    });
  writeRunInfo(runDir, info);

  const logPath = join(runDir, ROUTER_LOG_FILE);
  const memory = resume === null ? { lastSeqs: {}, faultLines: [] } : scanRouterLog(logPath);
  const log = new BufferedLineWriter(logPath, 64 * 1024);
  let settle!: (result: RouterRunResult) => void;
  const finished = new Promise<RouterRunResult>((resolve) => {
    settle = resolve;
  });
  let ending = false;
  let handle: TcpRouterHandle | null = null;
  const flushTimer = setInterval(() => {
    try {
      log.flush();
    } catch {
      // A failing flush is reported by the next write-ahead flush, which stops the router.
    }
  }, LOG_FLUSH_INTERVAL_MS);

  const end = async (status: RunStatus, reason: string) => {
    if (ending) return;
    ending = true;
    clearInterval(flushTimer);
    await handle?.close(CLOSE_GRACE_MS);
    try {
      log.close();
    } catch {
      // The failure was the reason for this end, or is reported below through run.json.
    }
    info.status = status;
    info.endReason = reason;
    info.endedAt = new Date().toISOString();
    writeRunInfo(runDir, info);
    settle({ status, reason });
  };

  const onLifecycle = (effect: RouterLifecycleEffect) => {
    if (effect.type === "started") {
      info.t0 = effect.t0;
      info.machines = machinesOf(effect.plan);
      info.faults = effect.plan.faults;
      writeRunInfo(runDir, info);
    } else {
      void end(effect.status, effect.reason);
    }
  };

  const routerOptions: RouterOptions = {
    runId,
    seed,
    config,
    expectedMachines: run.machines,
    // Every machine must have its start frame before t0: allow ~2 ms per machine for large runs.
    startDelayMs: Math.max(routerConfig.startDelayMs, run.machines * START_DELAY_PER_MACHINE_MS),
    durationMs: run.durationS * 1000,
  };
  if (routerConfig.token !== null) routerOptions.token = routerConfig.token;
  if (resume !== null && resume.t0 !== null) {
    routerOptions.resume = {
      t0: resume.t0,
      endAt: resume.t0 + run.durationS * 1000,
      members: resume.machines.map((m) => m.id),
      speeds: Object.fromEntries(resume.machines.map((m) => [m.id, m.ticksPerSecond])),
      lastSeqs: memory.lastSeqs,
      faultLines: memory.faultLines,
    };
  }
  try {
    handle = await startTcpRouter({
      host: routerConfig.host,
      port: routerConfig.port,
      maxFrameBytes: routerConfig.maxFrameBytes,
      outputLimitBytes: routerConfig.outputLimitBytes,
      slowConsumer: routerConfig.slowConsumer,
      router: routerOptions,
      log,
      ...(events.onLog !== undefined ? { onLog: events.onLog } : {}),
      onLifecycle,
      onFatal: (error) => void end("failed", error.message),
    });
  } catch (error) {
    clearInterval(flushTimer);
    log.closeQuietly();
    // A run that never listened leaves nothing behind, so its --name can be used again.
    if (createdDir) rmSync(runDir, { recursive: true, force: true });
    else if (previous === null) rmSync(join(runDir, "run.json"), { force: true });
    throw error;
  }
  if (resume !== null && resume.t0 !== null) {
    const entry: RouterLogEntry = {
      type: "resumed",
      at: hostNowMs(),
      t0: resume.t0,
      peers: resume.machines.map((m) => m.id),
    };
    log.writeLine(routerLogJson(entry));
    log.flush();
    events.onLog?.(entry);
  }
  events.onListening?.({
    host: routerConfig.host,
    port: handle.port,
    runDir,
    runId,
    seed,
    faults: info.faults ?? [],
  });
  const started = handle;
  return {
    runDir,
    runId,
    port: started.port,
    handle: started,
    finished,
    interrupt(reason: string) {
      if (!ending) started.interrupt(reason);
    },
    recordProcessFault(note: ProcessFaultNote) {
      if (!ending) started.record({ type: "process-fault", at: hostNowMs(), ...note });
    },
  };
}
