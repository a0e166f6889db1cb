// `clocklab cluster up|down|config` as a user runs them (the built CLI, real nats-server processes on
// 127.0.0.1): a 3-node cluster comes up with its routes, files and private credentials, is refused
// a second time, goes down by pid and can be downed again (stale pids); bad input exits 2 with one
// clear message; `config` writes per-host files that nats-server accepts.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readClusterFile } from "../../src/runtime/nats/clusterFile.ts";
import { nodeReadiness } from "../../src/runtime/nats/clusterReady.ts";
import { serverProcessState } from "../../src/runtime/nats/serverProcess.ts";
import { type CliResult, runCli } from "../helpers/cli.ts";
import { natsServer, stopClusterIn } from "./natsServer.ts";

let root: string;
const dirs: string[] = [];
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "clocklab-cluster-cli-"));
});
afterAll(async () => {
  for (const dir of dirs) await stopClusterIn(dir);
  rmSync(root, { recursive: true, force: true });
});

function clusterDir(name: string): string {
  const dir = join(root, name);
  dirs.push(dir);
  return dir;
}

function expectUserError(result: CliResult, ...fragments: string[]): void {
  expect(result.code, result.stdout + result.stderr).toBe(2);
  for (const fragment of fragments) expect(result.stderr).toContain(fragment);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function seeds(dir: string): string[] {
  const creds = join(dir, "creds");
  return readdirSync(creds).map((name) => readFileSync(join(creds, name), "utf8").trim());
}

describe.skipIf(natsServer === null)("clocklab cluster up / down", () => {
  it("starts a routed 3-node cluster, refuses a second start, stops it by pid, and handles stale pids", async () => {
    const dir = clusterDir("main");
    const up = await runCli(["cluster", "up", "--nodes", "3", "--machines", "4", "--dir", dir]);
    expect(up.code, up.stderr).toBe(0);
    const cluster = readClusterFile(dir);
    expect(cluster.kind).toBe("local");
    expect(cluster.machines).toEqual(["m1", "m2", "m3", "m4"]);
    expect(cluster.servers).toHaveLength(3);
    expect(up.stdout).toContain(`urls:         ${cluster.urls.join(",")}`);
    expect(up.stdout).toContain(join(dir, "creds"));
    expect(up.stdout).toContain(join(dir, "cluster.json"));
    for (const server of cluster.servers) {
      expect(up.stdout).toContain(`${server.name}  ${server.url}  pid ${server.pid}`);
      expect(serverProcessState(server.pid!, server.configFile)).toBe("running");
      const readiness = await nodeReadiness(server);
      expect(readiness).toMatchObject({ healthy: true, routes: 2 });
      expect(mode(server.configFile)).toBe(0o600); // it holds the route password
    }
    expect(Object.keys(cluster.users).sort()).toEqual(["coordinator", "m1", "m2", "m3", "m4"]);
    for (const user of Object.values(cluster.users)) expect(mode(user.credentialsFile)).toBe(0o600);
    for (const seed of seeds(dir)) {
      expect(seed).toMatch(/^SU/);
      expect(up.stdout + up.stderr).not.toContain(seed);
    }
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toMatch(/^\*$/m);

    const again = await runCli(["cluster", "up", "--dir", dir]);
    expectUserError(
      again,
      "already holds a running cluster",
      `n1 pid ${cluster.servers[0]!.pid}`,
      "cluster down",
    );

    const down = await runCli(["cluster", "down", "--dir", dir]);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain("stopped 3 of 3 nats-server node(s)");
    for (const server of cluster.servers) {
      expect(down.stdout).toContain(`${server.name} (pid ${server.pid}): stopped`);
      expect(serverProcessState(server.pid!, server.configFile)).toBe("gone");
    }
    expect(readClusterFile(dir).stoppedAt).not.toBeNull();

    const downAgain = await runCli(["cluster", "down", "--dir", dir]);
    expect(downAgain.code, downAgain.stderr).toBe(0);
    expect(downAgain.stdout).toContain(`n1 (pid ${cluster.servers[0]!.pid}): was not running (stale pid)`);

    // a stopped cluster's directory can be used again; it gets new keys
    const restart = await runCli(["cluster", "up", "--nodes", "1", "--dir", dir]);
    expect(restart.code, restart.stderr).toBe(0);
    const restarted = readClusterFile(dir);
    expect(restarted.users.m1!.publicKey).not.toBe(cluster.users.m1!.publicKey);
    expect(existsSync(join(dir, "creds", "m4.nk"))).toBe(false); // no stale key left behind
    expect((await runCli(["cluster", "down", "--dir", dir])).code).toBe(0);
  });

  it("refuses a taken port by name, and leaves nothing running", async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const dir = clusterDir("taken");
      const result = await runCli(["cluster", "up", "--nodes", "1", "--port", String(port), "--dir", dir]);
      expectUserError(result, `port ${port} on 127.0.0.1`, "--port", "EADDRINUSE");
      expect(existsSync(join(dir, "cluster.json"))).toBe(false);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});

describe("clocklab cluster: bad input", () => {
  it.each([
    [
      ["up", "--nodes", "0"],
      ["--nodes 0", "from 1 to 16"],
    ],
    [
      ["up", "--nodes", "three"],
      ["--nodes three", "whole number"],
    ],
    [
      ["up", "--machines", "1"],
      ["--machines 1", "from 2 to 10000"],
    ],
    [
      ["up", "--port", "70000"],
      ["--port 70000", "from 1 to 65535"],
    ],
    [
      ["up", "--timeout", "-1"],
      ["--timeout -1", "seconds above 0"],
    ],
    [
      ["up", "--nats-server", "/nonexistent/nats-server"],
      ["--nats-server /nonexistent/nats-server: no executable file there", "apt-get install nats-server"],
    ],
    [
      ["config", "--servers", "a,,b"],
      ["--servers", "comma-separated list of host names"],
    ],
    [["config", "--servers", "a,b,a"], ["a is listed twice"]],
    [
      ["config", "--servers", "a:4222"],
      ['"a:4222" is not a host name', "--port"],
    ],
  ])("cluster %j exits 2", async (args, fragments) => {
    const dir = clusterDir(`bad-${dirs.length}`);
    expectUserError(await runCli(["cluster", ...args, "--dir", dir]), ...fragments);
    expect(existsSync(join(dir, "cluster.json"))).toBe(false);
  });

  it("says there is nothing to stop in a directory without a cluster", async () => {
    const dir = clusterDir("empty");
    expectUserError(
      await runCli(["cluster", "down", "--dir", dir]),
      "no cluster file",
      "clocklab cluster up",
    );
  });
});

describe("clocklab cluster config", () => {
  it("writes one config per host, the credentials, cluster.json and a README, and refuses to overwrite them", async () => {
    const dir = clusterDir("hosts");
    const hosts = ["host-a.example", "host-b.example", "10.0.0.3"];
    const result = await runCli([
      "cluster",
      "config",
      "--machines",
      "5",
      "--servers",
      hosts.join(","),
      "--dir",
      dir,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const cluster = readClusterFile(dir);
    expect(cluster.kind).toBe("hosts");
    expect(cluster.urls).toEqual(hosts.map((host) => `nats://${host}:4222`));
    expect(cluster.servers.every((server) => server.pid === undefined)).toBe(true);
    expect(readdirSync(join(dir, "creds")).sort()).toEqual([
      "coordinator.nk",
      "m1.nk",
      "m2.nk",
      "m3.nk",
      "m4.nk",
      "m5.nk",
    ]);
    const readme = readFileSync(join(dir, "README.txt"), "utf8");
    for (const [index, host] of hosts.entries()) {
      const server = cluster.servers[index]!;
      expect(readme).toMatch(new RegExp(`servers/n${index + 1}\\.conf\\s+-> ${host.replaceAll(".", "\\.")}`));
      const text = readFileSync(server.configFile, "utf8");
      expect(mode(server.configFile)).toBe(0o600);
      expect(text).toContain(`client_advertise: "${host}:4222"`);
      for (const other of hosts) {
        if (other === host) expect(text).not.toContain(`@${other}:6222`);
        else expect(text).toContain(`@${other}:6222`);
      }
      for (const user of Object.values(cluster.users)) expect(text).toContain(user.publicKey);
      const binary = natsServer?.path;
      if (binary !== undefined) {
        expect(() => execFileSync(binary, ["-t", "-c", server.configFile], { stdio: "pipe" })).not.toThrow();
      }
    }
    for (const seed of seeds(dir)) expect(result.stdout + readme).not.toContain(seed);

    expectUserError(
      await runCli(["cluster", "config", "--servers", "x,y", "--dir", dir]),
      "already exists",
      "would replace every key",
    );
    if (natsServer !== null) {
      expectUserError(
        await runCli(["cluster", "up", "--dir", dir]),
        "multi-host cluster",
        "choose another --dir",
      );
    }
    expectUserError(await runCli(["cluster", "down", "--dir", dir]), "multi-host cluster", "stop them there");
  });
});
