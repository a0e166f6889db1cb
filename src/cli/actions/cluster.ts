// What `clocklab cluster up|down|config` do once their flags are parsed: check the flags, call the
// runtime, and say what happened (URLs, where the credentials are, what was stopped). Seeds are
// never printed: only the files that hold them.
import { relative } from "node:path";
import { UserError } from "../../core/userError.ts";
import type { Cluster } from "../../runtime/nats/clusterFile.ts";
import { clusterFilePath } from "../../runtime/nats/clusterFile.ts";
import { parseHosts, writeHostsCluster } from "../../runtime/nats/hostsCluster.ts";
import {
  MAX_LOCAL_NODES,
  MAX_MACHINES,
  MIN_MACHINES,
  type StoppedServer,
  startLocalCluster,
  stopLocalCluster,
} from "../../runtime/nats/localCluster.ts";

const NODES_EXPECTED = `a whole number of servers from 1 to ${MAX_LOCAL_NODES}`;
const MACHINES_EXPECTED = `a whole number of machines from ${MIN_MACHINES} to ${MAX_MACHINES}`;

export interface ClusterUpOptions {
  nodes: string;
  machines: string;
  dir: string;
  natsServer?: string;
  port?: string;
  routePort?: string;
  monitorPort?: string;
  timeout: string;
}

export interface ClusterDownOptions {
  dir: string;
  timeout: string;
}

export interface ClusterConfigOptions {
  servers: string;
  machines: string;
  dir: string;
  port: string;
  routePort: string;
  monitorPort: string;
}

function wholeNumber(flag: string, text: string, expected: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UserError(`${flag} ${text}: expected ${expected}`);
  return Number(text);
}

function portFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = wholeNumber(flag, text, "a TCP port from 1 to 65535");
  if (port < 1 || port > 65535) throw new UserError(`${flag} ${text}: expected a TCP port from 1 to 65535`);
  return port;
}

function seconds(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0) {
    throw new UserError(`${flag} ${text}: expected a number of seconds above 0`);
  }
  return value;
}

/** A path as the user would type it from here: relative when inside the working directory. */
function shown(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere !== "" && !fromHere.startsWith("..") ? fromHere : path;
}

function credentialsSummary(cluster: Cluster): string {
  const machines = cluster.machines;
  const range =
    machines.length > 2
      ? `${machines[0]}.nk ... ${machines.at(-1)}.nk`
      : machines.map((id) => `${id}.nk`).join(", ");
  return `${shown(cluster.credentialsDir)}/ (${range}, ${cluster.coordinator}.nk; seeds: keep them private)`;
}

export async function runClusterUp(options: ClusterUpOptions): Promise<Cluster> {
  const nodes = wholeNumber("--nodes", options.nodes, NODES_EXPECTED);
  const machines = wholeNumber("--machines", options.machines, MACHINES_EXPECTED);
  const clientPort = portFlag("--port", options.port);
  const routePort = portFlag("--route-port", options.routePort);
  const monitorPort = portFlag("--monitor-port", options.monitorPort);
  const readyTimeoutMs = seconds("--timeout", options.timeout) * 1000;
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let cluster: Cluster;
  try {
    cluster = await startLocalCluster({
      dir: options.dir,
      nodes,
      machines,
      readyTimeoutMs,
      signal: interrupt.signal,
      ...(options.natsServer !== undefined ? { natsServerPath: options.natsServer } : {}),
      ...(clientPort !== undefined ? { clientPort } : {}),
      ...(routePort !== undefined ? { routePort } : {}),
      ...(monitorPort !== undefined ? { monitorPort } : {}),
    });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  const version = cluster.natsServer?.version ?? "?";
  const lines = [
    `clocklab cluster: ${cluster.servers.length} nats-server ${version} node(s) up on 127.0.0.1, routes formed`,
    ...cluster.servers.map(
      (server) =>
        `  ${server.name}  ${server.url}  pid ${server.pid}  monitor http://127.0.0.1:${server.monitorPort}  log ${shown(server.logFile ?? "")}`,
    ),
    `urls:         ${cluster.urls.join(",")}`,
    `credentials:  ${credentialsSummary(cluster)}`,
    `cluster file: ${shown(clusterFilePath(cluster.dir))}`,
    `stop it with: clocklab cluster down --dir ${options.dir}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return cluster;
}

function stopLine(server: StoppedServer, timeoutS: number): string {
  const who = server.pid === null ? server.name : `${server.name} (pid ${server.pid})`;
  switch (server.outcome) {
    case "stopped":
      return `  ${who}: stopped`;
    case "killed":
      return `  ${who}: still running ${timeoutS} s after SIGTERM; killed with SIGKILL`;
    case "not-running":
      return `  ${who}: was not running (stale pid)`;
    case "other-process":
      return `  ${who}: that pid now belongs to another program; left it alone`;
    case "would-not-die":
      return `  ${who}: still running after SIGKILL`;
    case "no-pid":
      return `  ${who}: no pid recorded`;
  }
}

export async function runClusterDown(options: ClusterDownOptions): Promise<StoppedServer[]> {
  const timeoutS = seconds("--timeout", options.timeout);
  const { cluster, stopped } = await stopLocalCluster(options.dir, timeoutS * 1000);
  const ended = stopped.filter(
    (server) => server.outcome === "stopped" || server.outcome === "killed",
  ).length;
  process.stdout.write(
    `clocklab cluster: stopped ${ended} of ${stopped.length} nats-server node(s) of ${shown(cluster.dir)}\n` +
      `${stopped.map((server) => stopLine(server, timeoutS)).join("\n")}\n`,
  );
  if (stopped.some((server) => server.outcome === "would-not-die")) {
    throw new UserError("some nats-server processes could not be stopped (see above)", 1);
  }
  return stopped;
}

export async function runClusterConfig(options: ClusterConfigOptions): Promise<Cluster> {
  const hosts = parseHosts(options.servers);
  const machines = wholeNumber("--machines", options.machines, MACHINES_EXPECTED);
  const cluster = writeHostsCluster({
    dir: options.dir,
    machines,
    hosts,
    clientPort: portFlag("--port", options.port)!,
    routePort: portFlag("--route-port", options.routePort)!,
    monitorPort: portFlag("--monitor-port", options.monitorPort)!,
  });
  const lines = [
    `clocklab cluster: wrote a ${hosts.length}-host cluster for ${cluster.machines.length} machines in ${shown(cluster.dir)}`,
    ...cluster.servers.map(
      (server) => `  ${shown(server.configFile)}  -> ${server.host} (nats-server -c ${server.name}.conf)`,
    ),
    `urls:         ${cluster.urls.join(",")}`,
    `credentials:  ${credentialsSummary(cluster)}`,
    `cluster file: ${shown(clusterFilePath(cluster.dir))}`,
    `what goes where: ${shown(`${cluster.dir}/README.txt`)}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return cluster;
}
