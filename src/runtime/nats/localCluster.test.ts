// Starting a local cluster when something goes wrong: bad counts and taken ports are refused before
// anything starts; a server that exits, or a cluster that is not ready by the deadline, is reported
// with what was seen, and every server started so far is stopped. (The working path, with a real
// nats-server, is in test/nats.)
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFakeNatsServer } from "../../../test/nats/fakeNatsServer.ts";
import { stopClusterIn } from "../../../test/nats/natsServer.ts";
import { UserError } from "../../core/userError.ts";
import { readClusterFile } from "./clusterFile.ts";
import { type LocalClusterOptions, startLocalCluster } from "./localCluster.ts";
import { serverProcessState } from "./serverProcess.ts";

let root: string;
let count = 0;
const dirs: string[] = [];
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "clocklab-local-cluster-"));
});
afterAll(async () => {
  for (const dir of dirs) await stopClusterIn(dir);
  rmSync(root, { recursive: true, force: true });
});

function options(overrides: Partial<LocalClusterOptions>): LocalClusterOptions {
  const dir = join(root, `c${++count}`);
  dirs.push(dir);
  return { dir, nodes: 2, machines: 3, readyTimeoutMs: 10_000, ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserError);
  return (error as UserError).message;
}

describe("startLocalCluster refuses", () => {
  it.each([
    [{ nodes: 0 }, "--nodes 0: expected a whole number of servers from 1 to 16"],
    [{ nodes: 17 }, "--nodes 17"],
    [{ machines: 1 }, "--machines 1: expected a whole number of machines from 2 to 10000"],
  ])("%o", async (overrides, expected) => {
    const settings = options(overrides);
    expect(await failure(startLocalCluster(settings))).toContain(expected);
    expect(existsSync(settings.dir)).toBe(false);
  });

  it("a taken port, naming it and its flag, before writing anything", async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const settings = options({ monitorPort: port, natsServerPath: writeFakeNatsServer(root, "hang") });
      const message = await failure(startLocalCluster(settings));
      expect(message).toContain(
        `port ${port} on 127.0.0.1 (the monitor port of n1 from --monitor-port ${port})`,
      );
      expect(message).toContain("EADDRINUSE");
      expect(existsSync(settings.dir)).toBe(false);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it("overlapping port ranges", async () => {
    const settings = options({ nodes: 3, clientPort: 30_000, routePort: 30_002 });
    expect(await failure(startLocalCluster(settings))).toMatch(
      /port 30002 is both the route port of n1 from --route-port 30002 and the client port of n3 from --port 30000/,
    );
  });
});

describe("startLocalCluster stops what it started", () => {
  it("when a server exits, showing the end of its log", async () => {
    const settings = options({ natsServerPath: writeFakeNatsServer(root, "exit-with-error") });
    const message = await failure(startLocalCluster(settings));
    expect(message).toMatch(/nats-server n\d exited while starting \(exit code 1\)/);
    expect(message).toContain("[FTL] fake nats-server: configuration refused");
    const cluster = readClusterFile(settings.dir);
    expect(cluster.stoppedAt).not.toBeNull();
    for (const server of cluster.servers)
      expect(serverProcessState(server.pid!, server.configFile)).toBe("gone");
  });

  it("when the cluster is not ready by the deadline, naming the nodes that are not", async () => {
    const settings = options({ natsServerPath: writeFakeNatsServer(root, "hang"), readyTimeoutMs: 300 });
    const message = await failure(startLocalCluster(settings));
    expect(message).toMatch(
      /the cluster was not ready within 0\.3 s .*n1: not healthy, ECONNREFUSED; n2: not healthy/,
    );
    const cluster = readClusterFile(settings.dir);
    for (const server of cluster.servers)
      expect(serverProcessState(server.pid!, server.configFile)).toBe("gone");
  });
});
