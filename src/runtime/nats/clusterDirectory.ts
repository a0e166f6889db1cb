// The files of a cluster directory, shared by local and multi-host clusters:
//   DIR/.gitignore          "*": keeps the secrets below out of a repository by accident
//   DIR/creds/<id>.nk       one nkey seed per machine and one for the coordinator (0600)
//   DIR/servers/<node>.conf one nats-server config per node (0600: it holds the route password)
//   DIR/cluster.json        written by the caller once it knows the rest (see clusterFile.ts)
// Files a previous cluster left in creds/ and servers/ are removed, so no stale key lingers.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ClusterDescription, type ClusterNode, serverConfigText } from "./clusterConfig.ts";
import type { ClusterFile } from "./clusterFile.ts";
import {
  COORDINATOR_USER,
  CREDENTIALS_DIR,
  type GeneratedUser,
  publicUsers,
  writeSeedFiles,
} from "./credentials.ts";

export const SERVERS_DIR = "servers";
export const CLUSTER_NAME = "clocklab";
export const ROUTE_USER = "clocklab-route";

export function newRoutePassword(): string {
  return randomBytes(24).toString("base64url");
}

export function describeCluster(nodes: ClusterNode[], users: GeneratedUser[]): ClusterDescription {
  return {
    clusterName: CLUSTER_NAME,
    nodes,
    users: publicUsers(users),
    routeUser: ROUTE_USER,
    routePassword: newRoutePassword(),
  };
}

function removeFiles(dir: string, suffix: string, keep: Set<string>): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names)
    if (name.endsWith(suffix) && !keep.has(name)) rmSync(join(dir, name), { force: true });
}

export interface WrittenDirectory {
  /** By user id, relative to DIR. */
  credentials: Record<string, string>;
  /** By node name, relative to DIR. */
  configFiles: Record<string, string>;
}

export function writeClusterDirectory(
  dir: string,
  description: ClusterDescription,
  users: GeneratedUser[],
): WrittenDirectory {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, ".gitignore"), "# secrets: nkey seeds and the route password\n*\n");
  const credsDir = join(dir, CREDENTIALS_DIR);
  const seedFiles = writeSeedFiles(credsDir, users);
  removeFiles(credsDir, ".nk", new Set(Object.values(seedFiles)));
  const serversDir = join(dir, SERVERS_DIR);
  mkdirSync(serversDir, { recursive: true, mode: 0o700 });
  chmodSync(serversDir, 0o700);
  const configFiles: Record<string, string> = {};
  description.nodes.forEach((node, index) => {
    const name = `${node.name}.conf`;
    const path = join(serversDir, name);
    writeFileSync(path, serverConfigText(description, index), { mode: 0o600 });
    chmodSync(path, 0o600);
    configFiles[node.name] = `${SERVERS_DIR}/${name}`;
  });
  removeFiles(serversDir, ".conf", new Set(description.nodes.map((node) => `${node.name}.conf`)));
  const credentials = Object.fromEntries(
    Object.entries(seedFiles).map(([id, file]) => [id, `${CREDENTIALS_DIR}/${file}`]),
  );
  return { credentials, configFiles };
}

export interface ClusterFileInput {
  kind: ClusterFile["kind"];
  description: ClusterDescription;
  machineIds: string[];
  written: WrittenDirectory;
  natsServer: ClusterFile["natsServer"];
  createdAt: Date;
  /** Local clusters: per node name, its log file (relative to DIR) and pid. */
  processes?: Record<string, { logFile: string; pid: number }>;
}

export function clusterFileContent(input: ClusterFileInput): ClusterFile {
  const { description, written } = input;
  const servers = description.nodes.map((node) => ({
    name: node.name,
    url: `nats://${node.host}:${node.clientPort}`,
    host: node.host,
    clientPort: node.clientPort,
    routePort: node.routePort,
    monitorPort: node.monitorPort,
    configFile: written.configFiles[node.name]!,
    ...(input.processes?.[node.name] ?? {}),
  }));
  return {
    format: "clocklab-nats-cluster",
    version: 1,
    kind: input.kind,
    clusterName: description.clusterName,
    createdAt: input.createdAt.toISOString(),
    stoppedAt: null,
    natsServer: input.natsServer,
    urls: servers.map((server) => server.url),
    credentialsDir: CREDENTIALS_DIR,
    machines: input.machineIds,
    coordinator: COORDINATOR_USER,
    users: Object.fromEntries(
      description.users.map((user) => [
        user.id,
        { publicKey: user.publicKey, credentialsFile: written.credentials[user.id]! },
      ]),
    ),
    servers,
  };
}
