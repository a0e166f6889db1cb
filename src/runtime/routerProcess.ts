// `clocklab router`: the run's authority. Creates the run directory and run.json, listens for the
// expected machines, opens the start barrier, routes until every machine has left after the run's
// end (or a signal), then records how the run ended.

import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import type { ClocklabConfig } from "../core/config.ts";
import { routerLogJson } from "../core/logFormat/routerLine.ts";
import { planRun } from "../core/plan.ts";
import type { RouterLogEntry } from "../core/routerLog.ts";
import type { RunInfo, RunStatus } from "../core/runInfo.ts";
import { UserError } from "../core/userError.ts";
import { hostNowMs } from "./clock.ts";
import { BufferedLineWriter } from "./lineWriter.ts";
import {
  currentVersions,
  ensureRunDirectory,
  ROUTER_LOG_FILE,
  RUN_INFO_FILE,
  readRunInfo,
  timestampRunName,
  writeRunInfo,
} from "./runDirectory.ts";
import { pickSeed } from "./seed.ts";
import { startTcpRouter, type TcpRouterHandle } from "./tcpRouter.ts";

/** How long after the end of the run the router waits for machines to say bye. */
const END_GRACE_MS = 3000;
/** Lower bound on t0's lead per machine, so large runs get every start frame out in time. */
const START_DELAY_PER_MACHINE_MS = 2;
/** How often buffered router log lines are handed to the kernel. */
const LOG_FLUSH_INTERVAL_MS = 50;

export interface RouterRunEvents {
  onListening?: (info: { host: string; port: number; runDir: string; runId: string; seed: number }) => void;
  onLog?: (entry: RouterLogEntry) => void;
}

export interface RouterRun {
  runDir: string;
  port: number;
  handle: TcpRouterHandle;
  /** Ends the run early (signal): machines still connected are cut off after a short grace. */
  interrupt(reason: string): void;
  finished: Promise<RunStatus>;
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || (isIP(host) === 4 && host.startsWith("127."));
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
  const runId = run.name ?? timestampRunName(Date.now());
  const runDir = ensureRunDirectory(run.logDir, runId);
  const previous = readPreviousRun(runDir);
  if (previous !== null && previous.status !== "running") {
    throw new UserError(
      `run ${runId} in ${runDir} already ended (${previous.status}); expected a new --name`,
    );
  }
  // A router restarted after a crash takes the run up where it was (same seed, t0 and members).
  const resumeFrom = previous !== null && previous.t0 !== null ? previous : null;
  const seed = previous?.seed ?? pickSeed(run.seed);
  const plan = planRun(config, seed);
  const info: RunInfo = resumeFrom ?? {
    format: "clocklab-run",
    formatVersion: 1,
    runId,
    mode: "live",
    seed,
    config: { ...config, run: { ...run, seed, name: runId } },
    machines: plan.machines.map(({ id, ticksPerSecond, clock }) => ({ id, ticksPerSecond, clock })),
    versions: currentVersions(),
    createdAt: new Date().toISOString(),
    t0: null,
    durationS: run.durationS,
    endedAt: null,
    status: "running",
    endReason: null,
  };
  writeRunInfo(runDir, info);

  const log = new BufferedLineWriter(join(runDir, ROUTER_LOG_FILE), 64 * 1024);
  const flushTimer = setInterval(() => log.flush(), LOG_FLUSH_INTERVAL_MS);
  let endTimer: NodeJS.Timeout | null = null;
  let settle!: (status: RunStatus) => void;
  const finished = new Promise<RunStatus>((resolve) => {
    settle = resolve;
  });
  let ending = false;

  const end = async (status: RunStatus, reason: string) => {
    if (ending) return;
    ending = true;
    if (endTimer !== null) clearTimeout(endTimer);
    clearInterval(flushTimer);
    await handle.close();
    log.close();
    info.status = status;
    info.endReason = reason;
    info.endedAt = new Date().toISOString();
    writeRunInfo(runDir, info);
    settle(status);
  };

  const scheduleEnd = (t0: number) => {
    endTimer = setTimeout(
      () => void end("completed", "duration reached"),
      Math.max(0, t0 + run.durationS * 1000 - hostNowMs()) + END_GRACE_MS,
    );
  };

  const onLog = (entry: RouterLogEntry) => {
    if (entry.type === "started") {
      info.t0 = entry.t0;
      info.machines = planRun(config, seed, entry.peers).machines.map(({ id, ticksPerSecond, clock }) => ({
        id,
        ticksPerSecond: info.machines.find((m) => m.id === id)?.ticksPerSecond ?? ticksPerSecond,
        clock,
      }));
      writeRunInfo(runDir, info);
      scheduleEnd(entry.t0);
    }
    if (entry.type === "joined" && entry.ticksPerSecond !== undefined) {
      const machine = info.machines.find((m) => m.id === entry.id);
      if (machine !== undefined) machine.ticksPerSecond = entry.ticksPerSecond;
    }
    if (entry.type === "left" && handle.router.started && handle.router.connectedIds.length === 0) {
      const endAt = (info.t0 ?? 0) + run.durationS * 1000;
      if (hostNowMs() >= endAt - 1) queueMicrotask(() => void end("completed", "duration reached"));
    }
    events.onLog?.(entry);
  };

  const handle = await startTcpRouter({
    host: routerConfig.host,
    port: routerConfig.port,
    maxFrameBytes: routerConfig.maxFrameBytes,
    outputLimitBytes: routerConfig.outputLimitBytes,
    slowConsumer: routerConfig.slowConsumer,
    router: {
      runId,
      seed,
      expectedMachines: run.machines,
      // Every machine must have its start frame before t0: allow ~2 ms per machine for large runs.
      startDelayMs: Math.max(routerConfig.startDelayMs, run.machines * START_DELAY_PER_MACHINE_MS),
      durationMs: run.durationS * 1000,
      ...(routerConfig.token !== null ? { token: routerConfig.token } : {}),
      ...(resumeFrom !== null
        ? {
            resume: {
              t0: resumeFrom.t0!,
              endAt: resumeFrom.t0! + run.durationS * 1000,
              members: resumeFrom.machines.map((m) => m.id),
            },
          }
        : {}),
    },
    log,
    onLog,
  }).catch((error: unknown) => {
    clearInterval(flushTimer);
    log.close();
    info.status = "failed";
    info.endReason = error instanceof Error ? error.message : String(error);
    info.endedAt = new Date().toISOString();
    writeRunInfo(runDir, info);
    throw error;
  });
  if (resumeFrom !== null) {
    onLog({
      type: "resumed",
      at: hostNowMs(),
      t0: resumeFrom.t0!,
      peers: resumeFrom.machines.map((m) => m.id),
    });
    log.writeLine(
      routerLogJson({
        type: "resumed",
        at: hostNowMs(),
        t0: resumeFrom.t0!,
        peers: resumeFrom.machines.map((m) => m.id),
      }),
    );
    log.flush();
    scheduleEnd(resumeFrom.t0!);
  }
  events.onListening?.({ host: routerConfig.host, port: handle.port, runDir, runId, seed });

  return {
    runDir,
    port: handle.port,
    handle,
    finished,
    interrupt(reason: string) {
      if (ending) return;
      const cutOff = setTimeout(() => void end("interrupted", reason), 1500);
      const check = setInterval(() => {
        if (handle.router.connectedIds.length === 0) {
          clearInterval(check);
          clearTimeout(cutOff);
          void end("interrupted", reason);
        }
      }, 20);
      finished.then(() => clearInterval(check));
    },
  };
}

/** The run.json already in a run directory (a restart after a crash), or null for a new run. */
function readPreviousRun(runDir: string): RunInfo | null {
  return existsSync(join(runDir, RUN_INFO_FILE)) ? readRunInfo(runDir) : null;
}
