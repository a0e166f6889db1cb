// `npm start` / `clocklab run`: starts a router and the machines as separate OS processes on
// 127.0.0.1, relays their progress, carries out the run's process faults (pauses, crashes and
// restarts) on the processes it started, and on Ctrl-C stops them all cleanly. It decides the seed
// and run name up front and hands every child the same resolved config.
import type { ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import type { ClocklabConfig } from "../core/config.ts";
import type { FaultWindow } from "../core/faults/schedule.ts";
import { machineIds, planRun } from "../core/plan.ts";
import { compareIds } from "../core/routing.ts";
import type { RunInfo } from "../core/runInfo.ts";
import type { MachineId } from "../core/types.ts";
import { startClocklabChild } from "./clocklabChild.ts";
import type { ChildMessage } from "./ipc.ts";
import type { MachineStatus } from "./machineClient.ts";
import { type MachineProcess, type ProcessFaultNote, ProcessFaultRunner } from "./processFaults.ts";
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
  onProcessFault?: (note: ProcessFaultNote) => void;
  /** The run's faults as drawn from its seed, before anything starts. */
  onFaults?: (windows: FaultWindow[], seed: number) => void;
}

export interface LaunchResult {
  runDir: string | null;
  interrupted: boolean;
  /** Exit codes by process label (a process killed by a crash fault is not listed). */
  exitCodes: Record<string, number | null>;
}

export interface Launch {
  interrupt(signal: NodeJS.Signals): void;
  finished: Promise<LaunchResult>;
}

/**
 * Groups machine ids into processes: one each for small runs, a few groups for large ones. The
 * machines in `alone` (the targets of process faults) always get a process of their own, so that
 * stopping or killing one stops or kills no other.
 */
export function groupMachines(
  ids: string[],
  machinesPerProcess: number,
  alone: ReadonlySet<string> = new Set(),
): string[][] {
  const grouped = ids.filter((id) => !alone.has(id));
  const perProcess =
    machinesPerProcess > 0
      ? machinesPerProcess
      : ids.length <= ONE_PROCESS_EACH_LIMIT
        ? 1
        : Math.ceil(grouped.length / DEFAULT_GROUPED_PROCESSES);
  const groups: string[][] = ids.filter((id) => alone.has(id)).map((id) => [id]);
  for (let i = 0; i < grouped.length; i += perProcess) groups.push(grouped.slice(i, i + perProcess));
  return groups;
}

interface Child {
  process: ChildProcess;
  exited: Promise<void>;
  /** Killed on purpose by a crash fault: its exit is not the run's failure. */
  crashed: boolean;
}

export function launchRun(baseConfig: ClocklabConfig, events: LaunchEvents): Launch {
  const seed = pickSeed(baseConfig.run.seed);
  const config: ClocklabConfig = {
    ...baseConfig,
    run: { ...baseConfig.run, seed, name: baseConfig.run.name ?? timestampRunName(Date.now()) },
  };
  const plan = planRun(config, seed);
  events.onFaults?.(plan.faults, seed);
  const faults = new ProcessFaultRunner(
    (id) => machineProcesses.get(id),
    (note) => {
      // The router may have ended the run meanwhile (a restart that came too late): nothing to record.
      const router = children.get("router")?.process;
      if (router?.connected === true) router.send({ type: "process-fault", note }, () => {});
      events.onProcessFault?.(note);
    },
  );
  const children = new Map<string, Child>();
  const machineProcesses = new Map<MachineId, MachineProcess>();
  const exitCodes: Record<string, number | null> = {};
  let runDir: string | null = null;
  let interrupted = false;
  let runStarted = false;
  const statuses = new Map<string, MachineStatus>();
  let listening!: (port: number) => void;
  const routerListening = new Promise<number>((resolve) => {
    listening = resolve;
  });

  const spawnChild = (label: string, args: string[], resolvedConfig: ClocklabConfig): Child => {
    const process = startClocklabChild(args, resolvedConfig, { stdio: ["ignore", "ignore", "pipe"] });
    forwardLines(process, (line) => events.onChildOutput(label, line));
    process.on("message", (message: ChildMessage) => onMessage(message));
    const child: Child = {
      process,
      crashed: false,
      exited: new Promise<void>((resolve) => {
        process.on("exit", (code, signal) => {
          if (!child.crashed) exitCodes[label] = code ?? (signal !== null ? 128 : null);
          if (children.get(label) === child) children.delete(label);
          resolve();
        });
      }),
    };
    children.set(label, child);
    return child;
  };

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
        runStarted = true;
        events.onStarted(message.t0);
        faults.start(plan.faults, message.t0, config.run.durationS * 1000);
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

  /** Every exit, restarts included: the run is over when the router and every machine process are. */
  const exits: Array<Promise<void>> = [];

  const startMachines = (port: number) => {
    const clientConfig: ClocklabConfig = { ...config, router: { ...config.router, host: "127.0.0.1", port } };
    const alone = ProcessFaultRunner.targets(plan.faults);
    const firstExits: Array<Promise<void>> = [];
    for (const ids of groupMachines(machineIds(config.run.machines), config.run.machinesPerProcess, alone)) {
      const label = ids.length === 1 ? ids[0]! : `${ids[0]}..${ids.at(-1)}`;
      const args = ["client", "--ids", ids.join(",")];
      const exited = spawnChild(label, args, clientConfig).exited;
      exits.push(exited);
      firstExits.push(exited);
      if (ids.length !== 1) continue;
      machineProcesses.set(ids[0]!, {
        signal: (signal) => {
          const child = children.get(label);
          if (child === undefined) return false;
          if (signal === "SIGKILL") child.crashed = true;
          return child.process.kill(signal);
        },
        restart: async (clocks) => {
          if (interrupted) return "the run was interrupted";
          const child = spawnChild(
            label,
            clocks === "zero" ? [...args, "--clocks-from-zero"] : args,
            clientConfig,
          );
          exits.push(child.exited);
          return await startedOrFailed(child);
        },
      });
    }
    // A machine process that gave up before the start (it could not connect, say) leaves the
    // barrier one machine short for ever: the run is interrupted and ends, with the others.
    for (const exited of firstExits) {
      void exited.then(() => {
        if (!runStarted && !interrupted) children.get("router")?.process.kill("SIGINT");
      });
    }
  };

  const finished = (async (): Promise<LaunchResult> => {
    const router = spawnChild("router", ["router"], config);
    const port = await Promise.race([routerListening, router.exited.then(() => null)]);
    if (port === null) return { runDir, interrupted, exitCodes };
    if (!interrupted) startMachines(port);
    await router.exited;
    faults.stop();
    // Restarts push onto `exits` while we wait: wait until no process is left.
    for (let waited = 0; waited < exits.length; waited = exits.length) await Promise.all(exits.slice(waited));
    if (runDir !== null) recordAbnormalEnd(runDir, interrupted, exitCodes.router ?? null);
    return { runDir, interrupted, exitCodes };
  })();

  return {
    finished,
    interrupt(signal: NodeJS.Signals) {
      if (interrupted) return;
      interrupted = true;
      faults.stop();
      for (const child of children.values()) child.process.kill(signal);
      const killer = setTimeout(() => {
        for (const child of children.values()) child.process.kill("SIGKILL");
      }, STOP_TIMEOUT_MS);
      killer.unref();
    },
  };
}

/** A restarted machine process either stays up (null) or exits early, with its last words. */
function startedOrFailed(child: Child): Promise<string | null> {
  return new Promise((resolve) => {
    let lastLine = "";
    child.process.stderr?.on("data", (text: Buffer | string) => {
      lastLine = String(text).trim().split("\n").at(-1) ?? lastLine;
    });
    const settled = setTimeout(() => resolve(null), 2000);
    settled.unref();
    void child.exited.then(() => {
      clearTimeout(settled);
      const code = child.process.exitCode;
      resolve(code === 0 ? null : `exited with code ${code}${lastLine === "" ? "" : `: ${lastLine}`}`);
    });
  });
}

/** Hands each line a child writes on stderr to `onLine`. */
function forwardLines(child: ChildProcess, onLine: (line: string) => void): void {
  let pending = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (text: string) => {
    pending += text;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (line.trim() !== "") onLine(line);
  });
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
