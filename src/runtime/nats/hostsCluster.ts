// The files for a real multi-host cluster, written once and copied out by hand: one nats-server
// config per host (listening on every interface, advertising the host's name, routes to all the
// other hosts, the same users), the per-user credentials, cluster.json and a README.txt saying what
// goes where. Nothing is started here.
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { machineIds } from "../../core/plan.ts";
import { UserError } from "../../core/userError.ts";
import type { ClusterNode } from "./clusterConfig.ts";
import { clusterFileContent, describeCluster, writeClusterDirectory } from "./clusterDirectory.ts";
import {
  type Cluster,
  clusterFilePath,
  readClusterFile,
  readClusterFileIfPresent,
  writeClusterFile,
} from "./clusterFile.ts";
import { generateUsers } from "./credentials.ts";
import { hostsReadmeText } from "./hostsReadme.ts";
import { checkMachineCount } from "./localCluster.ts";

export const DEFAULT_HOST_PORTS = { clientPort: 4222, routePort: 6222, monitorPort: 8222 };
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export interface HostsClusterOptions {
  dir: string;
  machines: number;
  /** Host names or IPv4 addresses, one server each. */
  hosts: string[];
  clientPort?: number;
  routePort?: number;
  monitorPort?: number;
}

export function parseHosts(text: string, flag = "--servers"): string[] {
  const hosts = text.split(",").map((host) => host.trim());
  if (hosts.length === 0 || hosts.some((host) => host === "")) {
    throw new UserError(
      `${flag} ${JSON.stringify(text)}: expected a comma-separated list of host names, e.g. host1,host2,host3`,
    );
  }
  for (const host of hosts) {
    if (!HOSTNAME.test(host)) {
      throw new UserError(
        `${flag}: ${JSON.stringify(host)} is not a host name or IPv4 address; expected e.g. host1,10.0.0.2 (no ports: use --port and --route-port)`,
      );
    }
  }
  const duplicate = hosts.find((host, index) => hosts.indexOf(host) !== index);
  if (duplicate !== undefined) {
    throw new UserError(`${flag}: ${duplicate} is listed twice; expected one server per host`);
  }
  return hosts;
}

export function writeHostsCluster(options: HostsClusterOptions): Cluster {
  checkMachineCount(options.machines);
  const dir = resolve(options.dir);
  const existing = readClusterFileIfPresent(dir);
  if (existing !== null) {
    throw new UserError(
      `${clusterFilePath(dir)} already exists (a ${existing.kind} cluster written ${existing.createdAt}); ` +
        "writing again would replace every key: choose another --dir, or remove that directory first",
    );
  }
  const ports = { ...DEFAULT_HOST_PORTS, ...definedPorts(options) };
  const nodes: ClusterNode[] = options.hosts.map((host, index) => ({
    name: `n${index + 1}`,
    listenHost: "0.0.0.0",
    host,
    advertise: true,
    ...ports,
  }));
  const ids = machineIds(options.machines);
  const users = generateUsers(ids);
  const description = describeCluster(nodes, users);
  const written = writeClusterDirectory(dir, description, users);
  const file = clusterFileContent({
    kind: "hosts",
    description,
    machineIds: ids,
    written,
    natsServer: null,
    createdAt: new Date(),
  });
  writeClusterFile(dir, file);
  writeFileSync(join(dir, "README.txt"), hostsReadmeText(file));
  return readClusterFile(dir);
}

function definedPorts(options: HostsClusterOptions): Partial<typeof DEFAULT_HOST_PORTS> {
  const ports: Partial<typeof DEFAULT_HOST_PORTS> = {};
  if (options.clientPort) ports.clientPort = options.clientPort;
  if (options.routePort) ports.routePort = options.routePort;
  if (options.monitorPort) ports.monitorPort = options.monitorPort;
  return ports;
}
