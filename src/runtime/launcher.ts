// `npm start` / `clocklab run`: starts a router and the machines as separate OS processes on
// 127.0.0.1, relays their progress, and on Ctrl-C stops them all cleanly. It decides the seed and
// run name up front and hands every child the same resolved config.
import type { ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import type { ClocklabConfig } from "../core/config.ts";
import { machineIds } from "../core/plan.ts";
import { compareIds } from "../core/routing.ts";
import type { RunInfo } from "../core/runInfo.ts";
import { startClocklabChild } from "./clocklabChild.ts";
import type { ChildMessage } from "./ipc.ts";
import type { MachineStatus } from "./machineClient.ts";
import { readRunInfo } from "./readRunInfo.ts";
import { timestampRunName, writeRunInfo } from "./runDirectory.ts";
import { pickSeed } from "./seed.ts";

/** Up to this many machines each get their own process; above it they are grouped. */
const ONE_PROCESS_EACH_LIMIT = 16;
/**
 * Large runs are grouped into two processes per core: measured at 1,000 machines on 2 cores,
 * p99 tick lateness was 28 ms with 8 processes, 17.5 ms with 4 and 24 ms with 2.
 */
const DEFAULT_GROUPED_PROCESSES = 2 * availableParallelism();
const STOP_TIMEOUT_MS = 8000;

export interface LaunchEvents {
  onListening: (info: { port: number; runDir: string; seed: number; runId: string }) => void;
  onStarted: (t0: number) => void;
  onStatus: (machines: MachineStatus[]) => void;
  onRouterCounts: (counts: { routed: number; dropped: number }) => void;
  onChildOutput: (who: string, line: string) => void;
}

export interface LaunchResult {
  runDir: string | null;
  interrupted: boolean;
  /** Exit codes by process label. */
  exitCodes: Record<string, number | null>;
}

export interface Launch {
  interrupt(signal: NodeJS.Signals): void;
  finished: Promise<LaunchResult>;
}

/** Groups machine ids into processes: one each for small runs, a few groups for large ones. */
export function groupMachines(ids: string[], machinesPerProcess: number): string[][] {
  const perProcess =
    machinesPerProcess > 0
      ? machinesPerProcess
      : ids.length <= ONE_PROCESS_EACH_LIMIT
        ? 1
        : Math.ceil(ids.length / DEFAULT_GROUPED_PROCESSES);
  const groups: string[][] = [];
  for (let i = 0; i < ids.length; i += perProcess) groups.push(ids.slice(i, i + perProcess));
  return groups;
}

export function launchRun(baseConfig: ClocklabConfig, events: LaunchEvents): Launch {
  const seed = pickSeed(baseConfig.run.seed);
  const config: ClocklabConfig = {
    ...baseConfig,
    run: { ...baseConfig.run, seed, name: baseConfig.run.name ?? timestampRunName(Date.now()) },
  };
  const children = new Map<string, ChildProcess>();
  const exitCodes: Record<string, number | null> = {};
  let runDir: string | null = null;
  let interrupted = false;
  const statuses = new Map<string, MachineStatus>();

  const spawnChild = (label: string, args: string[], resolvedConfig: ClocklabConfig) => {
    const child = startClocklabChild(args, resolvedConfig, { stdio: ["ignore", "ignore", "pipe"] });
    children.set(label, child);
    let pending = "";
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => {
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line.trim() !== "") events.onChildOutput(label, line);
    });
    child.on("message", (message: ChildMessage) => onMessage(message));
    return new Promise<void>((resolve) => {
      child.on("exit", (code, signal) => {
        exitCodes[label] = code ?? (signal !== null ? 128 : null);
        children.delete(label);
        resolve();
      });
    });
  };

  let listening!: (port: number) => void;
  const routerListening = new Promise<number>((resolve) => {
    listening = resolve;
  });

  const onMessage = (message: ChildMessage) => {
    switch (message.type) {
      case "listening":
        runDir = message.runDir;
        events.onListening({
          port: message.port,
          runDir: message.runDir,
          seed: message.seed,
          runId: message.runId,
        });
        listening(message.port);
        break;
      case "started":
        events.onStarted(message.t0);
        break;
      case "routerCounts":
        events.onRouterCounts(message);
        break;
      case "status":
        for (const status of message.machines) statuses.set(status.id, status);
        events.onStatus([...statuses.values()].sort((a, b) => compareIds(a.id, b.id)));
        break;
    }
  };

  const finished = (async (): Promise<LaunchResult> => {
    const routerExit = spawnChild("router", ["router"], config);
    const port = await Promise.race([routerListening, routerExit.then(() => null)]);
    if (port === null) {
      return { runDir, interrupted, exitCodes };
    }
    const clientConfig: ClocklabConfig = { ...config, router: { ...config.router, host: "127.0.0.1", port } };
    const groups = groupMachines(machineIds(config.run.machines), config.run.machinesPerProcess);
    const clientExits = interrupted
      ? []
      : groups.map((ids) =>
          spawnChild(
            ids.length === 1 ? ids[0]! : `${ids[0]}..${ids.at(-1)}`,
            ["client", "--ids", ids.join(",")],
            clientConfig,
          ),
        );
    await Promise.all([routerExit, ...clientExits]);
    if (runDir !== null) recordAbnormalEnd(runDir, interrupted, exitCodes.router ?? null);
    return { runDir, interrupted, exitCodes };
  })();

  return {
    finished,
    interrupt(signal: NodeJS.Signals) {
      if (interrupted) return;
      interrupted = true;
      for (const child of children.values()) child.kill(signal);
      const killer = setTimeout(() => {
        for (const child of children.values()) child.kill("SIGKILL");
      }, STOP_TIMEOUT_MS);
      killer.unref();
    },
  };
}

/**
 * If the router died before it could say how the run ended (killed while starting up, say),
 * run.json still says "running": record what the launcher knows instead.
 */
function recordAbnormalEnd(runDir: string, interrupted: boolean, routerExitCode: number | null): void {
  let info: RunInfo;
  try {
    info = readRunInfo(runDir);
  } catch {
    return;
  }
  if (info.status !== "running") return;
  info.status = interrupted ? "interrupted" : "failed";
  info.endReason = interrupted
    ? "interrupted before the router could record it"
    : `the router exited with code ${routerExitCode ?? "unknown"} before recording the end`;
  info.endedAt = new Date().toISOString();
  writeRunInfo(runDir, info);
}
