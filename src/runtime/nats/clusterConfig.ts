// The text of one nats-server configuration file, from a description of the whole cluster: its
// listeners, full-mesh routes to every other node (authenticated with a shared route user, so
// nobody can join the cluster as a route and bypass the users' permissions), and one nkey user
// per machine plus the coordinator, each with its publish/subscribe permissions. Pure: no files,
// no randomness; the keys and the route password come in with the description.
import type { SubjectPermissions } from "../../core/nats/subjects.ts";

/** Seconds a client has to authenticate (nats-server's default is 2). */
export const AUTH_TIMEOUT_S = 60;

export interface ClusterNode {
  /** Server name, unique in the cluster (n1, n2, ...). */
  name: string;
  /** Address the client and route listeners bind to (127.0.0.1 locally, 0.0.0.0 on a host). */
  listenHost: string;
  /** Address other nodes and clients use to reach this node. */
  host: string;
  clientPort: number;
  routePort: number;
  /** Monitoring (HTTP) listener; always bound to 127.0.0.1. */
  monitorPort: number;
  /** Advertise `host` to clients and peers (for hosts whose listeners bind to every interface). */
  advertise: boolean;
}

export interface ClusterUser {
  /** Machine id (m1, ...) or "coordinator"; written as a comment beside its key. */
  id: string;
  /** Public user nkey ("U..."); the seed never reaches a server config. */
  publicKey: string;
  permissions: SubjectPermissions;
}

export interface ClusterDescription {
  clusterName: string;
  nodes: ClusterNode[];
  users: ClusterUser[];
  routeUser: string;
  /** Secret shared by the nodes' route connections. */
  routePassword: string;
}

/** NATS configuration strings: double-quoted, so `$` and wildcards are never interpreted. */
function quote(text: string): string {
  return JSON.stringify(text);
}

function list(items: string[]): string {
  return `[${items.map(quote).join(", ")}]`;
}

export function routeUrl(cluster: ClusterDescription, node: ClusterNode): string {
  const auth = `${encodeURIComponent(cluster.routeUser)}:${encodeURIComponent(cluster.routePassword)}`;
  return `nats-route://${auth}@${node.host}:${node.routePort}`;
}

function userEntry(user: ClusterUser): string {
  return (
    `    # ${user.id}\n` +
    `    { nkey: ${quote(user.publicKey)}, permissions: {\n` +
    `        publish: { allow: ${list(user.permissions.publish)} },\n` +
    `        subscribe: { allow: ${list(user.permissions.subscribe)} } } }`
  );
}

export function serverConfigText(cluster: ClusterDescription, nodeIndex: number): string {
  const node = cluster.nodes[nodeIndex];
  if (node === undefined)
    throw new RangeError(`no node ${nodeIndex} in a ${cluster.nodes.length}-node cluster`);
  const others = cluster.nodes.filter((_, index) => index !== nodeIndex);
  const lines = [
    `# nats-server configuration for clocklab cluster ${quote(cluster.clusterName)}, node ${node.name}.`,
    "# Written by `clocklab cluster`. It holds the route password: keep it private (mode 0600).",
    "",
    `server_name: ${quote(node.name)}`,
    `listen: ${quote(`${node.listenHost}:${node.clientPort}`)}`,
    `http: ${quote(`127.0.0.1:${node.monitorPort}`)}`,
  ];
  if (node.advertise) lines.push(`client_advertise: ${quote(`${node.host}:${node.clientPort}`)}`);
  lines.push(
    "",
    "cluster {",
    `  name: ${quote(cluster.clusterName)}`,
    `  listen: ${quote(`${node.listenHost}:${node.routePort}`)}`,
  );
  if (node.advertise) lines.push(`  advertise: ${quote(`${node.host}:${node.routePort}`)}`);
  lines.push(
    `  authorization { user: ${quote(cluster.routeUser)}, password: ${quote(cluster.routePassword)} }`,
    `  routes: ${list(others.map((other) => routeUrl(cluster, other)))}`,
    "}",
    "",
    "authorization {",
    // A process hosting hundreds of machines signs one nonce per connection (~14 ms of CPU each in
    // nats.js): the server's default 2 s to authenticate is too short for them all.
    `  timeout: ${AUTH_TIMEOUT_S}`,
    "  users: [",
    cluster.users.map(userEntry).join(",\n"),
    "  ]",
    "}",
    "",
  );
  return lines.join("\n");
}
