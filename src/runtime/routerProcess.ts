import { isIP } from "node:net";
import type { ClocklabConfig } from "../core/config.ts";
import type { FaultWindow } from "../core/faults/schedule.ts";
import { planRun } from "../core/plan.ts";
import type { RouterLogEntry } from "../core/routerLog.ts";
import { UserError } from "../core/userError.ts";
import { hostNowMs } from "./clock.ts";
import { hasParent } from "./ipc.ts";
import type { ProcessFaultNote } from "./processFaults.ts";
import { RunAuthority, type RunResult } from "./runAuthority.ts";
import { startTcpRouter, type TcpRouterHandle } from "./tcpRouter.ts";

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

export type RouterRunResult = RunResult;

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

export async function startRouterRun(
  config: ClocklabConfig,
  events: RouterRunEvents = {},
): Promise<RouterRun> {
  const routerConfig = config.router;
  if (!isLoopback(routerConfig.host) && routerConfig.token === null) {
    throw new UserError(
      `router.host ${routerConfig.host} is not a loopback address; listening there requires a shared token (--token, at least 8 characters)`,
    );
  }
  refuseProcessFaultsByHand(config);
  const authority = new RunAuthority(config);
  let handle: TcpRouterHandle;
  try {
    handle = await startTcpRouter({
      host: routerConfig.host,
      port: routerConfig.port,
      maxFrameBytes: routerConfig.maxFrameBytes,
      outputLimitBytes: routerConfig.outputLimitBytes,
      slowConsumer: routerConfig.slowConsumer,
      router: authority.routerOptions,
      log: authority.log,
      ...(events.onLog !== undefined ? { onLog: events.onLog } : {}),
      onLifecycle: (effect) => authority.onLifecycle(effect),
      onFatal: (error) => void authority.end("failed", error.message),
    });
  } catch (error) {
    // A run that never listened leaves nothing behind, so its --name can be used again.
    authority.abandon();
    throw error;
  }
  authority.closeTransport = () => handle.close(CLOSE_GRACE_MS);
  authority.announce(events.onLog);
  const { runDir, runId, seed, info } = authority;
  events.onListening?.({
    host: routerConfig.host,
    port: handle.port,
    runDir,
    runId,
    seed,
    faults: info.faults,
  });
  const started = handle;
  return {
    runDir,
    runId,
    port: started.port,
    handle: started,
    finished: authority.finished,
    interrupt(reason: string) {
      if (!authority.ending) started.interrupt(reason);
    },
    recordProcessFault(note: ProcessFaultNote) {
      if (!authority.ending) started.record({ type: "process-fault", at: hostNowMs(), ...note });
    },
  };
}
