// A local nats-server cluster on 127.0.0.1 for trials: `clocklab cluster up` writes its directory
// (configs, credentials), starts one detached server per node, records their pids in cluster.json
// and waits until every node is healthy and routed to all the others; `clocklab cluster down`
// stops them by pid. A failed start stops whatever it started.
import { resolve } from "node:path";
import { machineIds } from "../../core/plan.ts";
import { UserError } from "../../core/userError.ts";
import type { ClusterNode } from "./clusterConfig.ts";
import { clusterFileContent, describeCluster, writeClusterDirectory } from "./clusterDirectory.ts";
import {
  type Cluster,
  clusterFilePath,
  readClusterFile,
  readClusterFileIfPresent,
  updateClusterFile,
  writeClusterFile,
} from "./clusterFile.ts";
import { waitForCluster } from "./clusterReady.ts";
import { generateUsers } from "./credentials.ts";
import { findNatsServer } from "./natsServerBinary.ts";
import { type PortRequest, PortTakenError, reservePorts } from "./ports.ts";
import { addressInUse, logTail } from "./serverLog.ts";
import {
  type StartedServer,
  type StopOutcome,
  serverProcessState,
  startServerProcess,
  stopServerProcess,
} from "./serverProcess.ts";

export const LOCAL_HOST = "127.0.0.1";
export const MAX_LOCAL_NODES = 16;
export const MIN_MACHINES = 2;
export const MAX_MACHINES = 10_000;

export interface LocalClusterOptions {
  dir: string;
  nodes: number;
  machines: number;
  /** Path of nats-server (default: found on PATH or in /usr/sbin). */
  natsServerPath?: string;
  /** First client, route and monitoring ports (consecutive per node); 0 or absent = free ports. */
  clientPort?: number;
  routePort?: number;
  monitorPort?: number;
  /** How long to wait for every node and route. */
  readyTimeoutMs: number;
  /** Aborting stops the servers started so far. */
  signal?: AbortSignal;
}

export function checkNodeCount(nodes: number, flag = "--nodes"): void {
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_LOCAL_NODES) {
    throw new UserError(`${flag} ${nodes}: expected a whole number of servers from 1 to ${MAX_LOCAL_NODES}`);
  }
}

export function checkMachineCount(machines: number, flag = "--machines"): void {
  if (!Number.isInteger(machines) || machines < MIN_MACHINES || machines > MAX_MACHINES) {
    throw new UserError(
      `${flag} ${machines}: expected a whole number of machines from ${MIN_MACHINES} to ${MAX_MACHINES}`,
    );
  }
}

/** The servers of a local cluster file that still run. */
export function runningServers(cluster: Cluster): Array<{ name: string; pid: number }> {
  return cluster.servers.flatMap((server) =>
    server.pid !== undefined && serverProcessState(server.pid, server.configFile) === "running"
      ? [{ name: server.name, pid: server.pid }]
      : [],
  );
}

/** Refuses a directory that holds a running cluster or a multi-host cluster's files. */
function checkDirectoryIsFree(dir: string): void {
  const existing = readClusterFileIfPresent(dir);
  if (existing === null) return;
  if (existing.kind === "hosts") {
    throw new UserError(
      `${clusterFilePath(existing.dir)} describes a multi-host cluster written by \`clocklab cluster config\` ` +
        "(its credentials may already be on other hosts); choose another --dir",
    );
  }
  const running = runningServers(existing);
  if (running.length > 0) {
    throw new UserError(
      `${existing.dir} already holds a running cluster (${running.map((s) => `${s.name} pid ${s.pid}`).join(", ")}); ` +
        `stop it with \`clocklab cluster down --dir ${dir}\` or choose another --dir`,
    );
  }
}

const PORT_FLAGS = { client: "--port", route: "--route-port", monitor: "--monitor-port" } as const;

async function choosePorts(
  options: LocalClusterOptions,
): Promise<Array<Pick<ClusterNode, "clientPort" | "routePort" | "monitorPort">>> {
  const firsts = {
    client: options.clientPort ?? 0,
    route: options.routePort ?? 0,
    monitor: options.monitorPort ?? 0,
  };
  const requests: PortRequest[] = [];
  for (let index = 0; index < options.nodes; index++) {
    for (const kind of ["client", "route", "monitor"] as const) {
      const port = firsts[kind] === 0 ? 0 : firsts[kind] + index;
      const source = port === 0 ? "any free port" : `from ${PORT_FLAGS[kind]} ${firsts[kind]}`;
      const purpose = `the ${kind} port of n${index + 1} ${source}`;
      if (port > 65535)
        throw new UserError(
          `${PORT_FLAGS[kind]} ${firsts[kind]}: ${purpose} would be ${port}; expected ports up to 65535`,
        );
      const clash = requests.find((request) => port !== 0 && request.port === port);
      if (clash !== undefined) {
        throw new UserError(
          `port ${port} is both ${clash.purpose} and ${purpose}; expected ranges that do not overlap`,
        );
      }
      requests.push({ port, purpose });
    }
  }
  let ports: number[];
  try {
    ports = await reservePorts(LOCAL_HOST, requests);
  } catch (error) {
    if (!(error instanceof PortTakenError)) throw error;
    throw new UserError(
      `port ${error.request.port} on ${LOCAL_HOST} (${error.request.purpose}) is not available (${error.code}); ` +
        "choose other first ports, or leave the port flags out to use free ports",
    );
  }
  return Array.from({ length: options.nodes }, (_, index) => ({
    clientPort: ports[index * 3]!,
    routePort: ports[index * 3 + 1]!,
    monitorPort: ports[index * 3 + 2]!,
  }));
}

function logFileOf(name: string): string {
  return `servers/${name}.log`;
}

export async function startLocalCluster(options: LocalClusterOptions): Promise<Cluster> {
  checkNodeCount(options.nodes);
  checkMachineCount(options.machines);
  const binary = findNatsServer(options.natsServerPath);
  const dir = resolve(options.dir);
  checkDirectoryIsFree(dir);
  const ports = await choosePorts(options);
  const nodes: ClusterNode[] = ports.map((nodePorts, index) => ({
    name: `n${index + 1}`,
    listenHost: LOCAL_HOST,
    host: LOCAL_HOST,
    advertise: false,
    ...nodePorts,
  }));
  const ids = machineIds(options.machines);
  const users = generateUsers(ids);
  const description = describeCluster(nodes, users);
  const written = writeClusterDirectory(dir, description, users);

  const started: Array<{ name: string; server: StartedServer; configFile: string; logFile: string }> = [];
  const stopStarted = async () => {
    await Promise.all(started.map((entry) => stopServerProcess(entry.server.pid, entry.configFile, 5000)));
    updateClusterFile(dir, (file) => ({ ...file, stoppedAt: new Date().toISOString() }));
  };
  try {
    for (const node of nodes) {
      const configFile = resolve(dir, written.configFiles[node.name]!);
      const logFile = resolve(dir, logFileOf(node.name));
      started.push({
        name: node.name,
        server: startServerProcess(binary.path, configFile, logFile),
        configFile,
        logFile,
      });
    }
    writeClusterFile(
      dir,
      clusterFileContent({
        kind: "local",
        description,
        machineIds: ids,
        written,
        natsServer: binary,
        createdAt: new Date(),
        processes: Object.fromEntries(
          started.map((entry) => [entry.name, { logFile: logFileOf(entry.name), pid: entry.server.pid }]),
        ),
      }),
    );
    const result = await waitForCluster(nodes, {
      timeoutMs: options.readyTimeoutMs,
      failure: () => {
        if (options.signal?.aborted === true) return "interrupted";
        const failed = started.find((entry) => entry.server.exitReason() !== null);
        return failed === undefined ? null : failed.name;
      },
    });
    if (!result.ready) {
      if (result.reason === "failed" && result.failure === "interrupted") {
        throw new UserError(
          "interrupted while the cluster was starting; stopped the servers it had started",
          130,
        );
      }
      if (result.reason === "failed") {
        const failed = started.find((entry) => entry.name === result.failure)!;
        const tail = logTail(failed.logFile, 8, [description.routePassword]);
        const taken = addressInUse(tail);
        if (taken !== null) {
          throw new UserError(
            `nats-server ${failed.name} could not listen on ${taken}: the port is taken (another program took it ` +
              `after it was chosen, or it was given with a port flag); try again or choose other ports`,
          );
        }
        throw new UserError(
          `nats-server ${failed.name} exited while starting (${failed.server.exitReason()}); ` +
            `the end of ${failed.logFile}:\n${tail}`,
        );
      }
      const late = result.notReady.map(
        (state) => `${state.name}: ${state.healthy ? "" : "not healthy, "}${state.detail}`,
      );
      throw new UserError(
        `the cluster was not ready within ${(options.readyTimeoutMs / 1000).toFixed(1)} s ` +
          `(expected every node healthy with routes to the ${nodes.length - 1} others; ${late.join("; ")}); ` +
          `logs in ${resolve(dir, "servers")}`,
      );
    }
  } catch (error) {
    await stopStarted();
    throw error;
  }
  return readClusterFile(dir);
}

export interface StoppedServer {
  name: string;
  pid: number | null;
  outcome: StopOutcome | "no-pid";
}

/** Stops the servers of the local cluster in DIR by pid and marks its cluster file stopped. */
export async function stopLocalCluster(
  dir: string,
  timeoutMs: number,
): Promise<{ cluster: Cluster; stopped: StoppedServer[] }> {
  const cluster = readClusterFile(dir);
  if (cluster.kind !== "local") {
    throw new UserError(
      `${clusterFilePath(cluster.dir)} describes a multi-host cluster written by \`clocklab cluster config\`; ` +
        "its servers run on their own hosts: stop them there",
    );
  }
  const stopped = await Promise.all(
    cluster.servers.map(async (server): Promise<StoppedServer> => {
      if (server.pid === undefined) return { name: server.name, pid: null, outcome: "no-pid" };
      return {
        name: server.name,
        pid: server.pid,
        outcome: await stopServerProcess(server.pid, server.configFile, timeoutMs),
      };
    }),
  );
  const allDown = stopped.every((server) => server.outcome !== "would-not-die");
  if (allDown && cluster.stoppedAt === null)
    updateClusterFile(cluster.dir, (file) => ({ ...file, stoppedAt: new Date().toISOString() }));
  return { cluster, stopped };
}
