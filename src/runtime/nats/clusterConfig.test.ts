// Server config text: full-mesh routes to the other nodes only, route authentication, one nkey
// user per machine with the permissions from subjects.ts, and no seed anywhere; nats-server itself
// accepts the text (checked with `nats-server -t` when it is installed).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { natsServer } from "../../../test/nats/natsServer.ts";
import { machinePermissions } from "../../core/nats/subjects.ts";
import type { ClusterNode } from "./clusterConfig.ts";
import { serverConfigText } from "./clusterConfig.ts";
import { describeCluster } from "./clusterDirectory.ts";
import { generateUsers } from "./credentials.ts";

function nodes(hosts: string[], advertise: boolean): ClusterNode[] {
  return hosts.map((host, index) => ({
    name: `n${index + 1}`,
    listenHost: advertise ? "0.0.0.0" : "127.0.0.1",
    host,
    clientPort: 4222 + index,
    routePort: 6222 + index,
    monitorPort: 8222 + index,
    advertise,
  }));
}

const users = generateUsers(["m1", "m2", "m3"]);
const local = describeCluster(nodes(["127.0.0.1", "127.0.0.1", "127.0.0.1"], false), users);
const hosts = describeCluster(nodes(["alpha.example", "beta.example"], true), users);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "clocklab-nats-config-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("serverConfigText", () => {
  it("routes each node to every other node, with the route password, and never to itself", () => {
    const text = serverConfigText(local, 1);
    expect(text).toContain('listen: "127.0.0.1:4223"');
    expect(text).toContain('http: "127.0.0.1:8223"');
    expect(text).toContain('listen: "127.0.0.1:6223"');
    const routes = /routes: \[(.*)\]/.exec(text)![1]!;
    expect(routes).toContain(`@127.0.0.1:6222"`);
    expect(routes).toContain(`@127.0.0.1:6224"`);
    expect(routes).not.toContain(":6223");
    expect(routes).toContain(`${local.routeUser}:${local.routePassword}@`);
    expect(text).toContain(
      `authorization { user: "${local.routeUser}", password: "${local.routePassword}" }`,
    );
  });

  it("has one nkey user per machine and the coordinator, with their permissions, and no seed", () => {
    const text = serverConfigText(local, 0);
    for (const user of users) {
      expect(text).toContain(`nkey: "${user.publicKey}"`);
      expect(text).not.toContain(new TextDecoder().decode(user.seed));
    }
    const m2 = machinePermissions("m2");
    expect(text).toContain(`publish: { allow: ${JSON.stringify(m2.publish).replaceAll(",", ", ")} }`);
    expect(text).toContain(`subscribe: { allow: ${JSON.stringify(m2.subscribe).replaceAll(",", ", ")} }`);
  });

  it("listens on every interface and advertises the host name for a multi-host cluster", () => {
    const text = serverConfigText(hosts, 0);
    expect(text).toContain('listen: "0.0.0.0:4222"');
    expect(text).toContain('client_advertise: "alpha.example:4222"');
    expect(text).toContain('advertise: "alpha.example:6222"');
    expect(text).toContain('http: "127.0.0.1:8222"');
    expect(text).toContain("@beta.example:6223");
  });

  it.skipIf(natsServer === null)("is accepted by nats-server -t", () => {
    for (const [name, cluster] of [
      ["local", local],
      ["hosts", hosts],
    ] as const) {
      const file = join(dir, `${name}.conf`);
      writeFileSync(file, serverConfigText(cluster, 0));
      // exits non-zero (and execFileSync throws with its message) when the config does not parse
      expect(() => execFileSync(natsServer!.path, ["-t", "-c", file], { stdio: "pipe" })).not.toThrow();
    }
  });
});
