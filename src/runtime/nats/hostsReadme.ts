// The README.txt that `clocklab cluster config` writes beside a multi-host cluster's files: what to
// copy to which host, which ports to open, and which files are secrets. Pure text.
import type { ClusterFile } from "./clusterFile.ts";

export function hostsReadmeText(file: ClusterFile): string {
  const width = Math.max(...file.servers.map((server) => server.host.length));
  const servers = file.servers
    .map(
      (server) =>
        `  ${server.configFile} -> ${server.host.padEnd(width)}   start it there: nats-server -c ${server.name}.conf`,
    )
    .join("\n");
  const first = file.servers[0]!;
  const machines = file.machines;
  const machineRange =
    machines.length > 2
      ? `${machines[0]}.nk ... ${machines.at(-1)}.nk`
      : machines.map((id) => `${id}.nk`).join(", ");
  return `clocklab NATS cluster "${file.clusterName}" for ${file.servers.length} host(s) and ${machines.length} machines
Written ${file.createdAt} by \`clocklab cluster config\`.

SERVERS: one config per host
${servers}

  Each config holds routes to all the other hosts and the same users. It also holds the
  password the servers use to route to each other: copy each file only to its own host and
  keep it private (chmod 600). Start the servers in any order; they connect to each other
  as they come up.

  Open these TCP ports between the hosts: ${first.clientPort} (clients, also from the machines'
  hosts) and ${first.routePort} (routes, server to server only). The monitoring port
  ${first.monitorPort} listens on 127.0.0.1 only (curl http://127.0.0.1:${first.monitorPort}/routez on a host).

CREDENTIALS: creds/ (secrets)
  creds/${machineRange}
      one nkey seed per machine. Give each host only the seeds of the machines it
      runs: whoever holds m1.nk can speak as m1.
  creds/${file.coordinator}.nk
      for the host that runs the coordinator.
  Keep every seed file private (chmod 600). To replace all keys, write a new directory
  with \`clocklab cluster config\` and copy the new files to every host.

CLUSTER FILE: cluster.json (no secrets)
  The client URLs (${file.urls.join(",")}) and the users, for clocklab on any host.
  Copy it with the seeds that host needs, keeping the layout: cluster.json beside creds/.
`;
}
