// One run over NATS as it is run on several hosts, each host standing in here for its own
// --log-dir: a coordinator started by hand, and clients started by hand that connect to
// different nodes of a real 3-node cluster. Each "host" keeps its part of the run directory;
// `clocklab analyze` merges the parts into one run whose fates add up, and refuses a part of
// another run with both run ids.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../src/runtime/nats/clusterFile.ts";
import { startLocalCluster } from "../../src/runtime/nats/localCluster.ts";
import { runCli } from "../helpers/cli.ts";
import { expectEveryFateAccounted, type RunFates } from "../helpers/fates.ts";
import { killAllStarted, startCli } from "../helpers/processes.ts";
import { natsServer, stopClusterIn } from "./natsServer.ts";

let dir: string;
let cluster: Cluster;
const host = (name: string) => join(dir, name);

describe.skipIf(natsServer === null)("one run over NATS on several hosts", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "clocklab-nats-hosts-"));
    cluster = await startLocalCluster({
      nodes: 3,
      machines: 3,
      dir: host("cluster"),
      readyTimeoutMs: 20_000,
    });
  }, 30_000);
  afterAll(async () => {
    killAllStarted();
    await stopClusterIn(host("cluster"));
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs with a coordinator and clients by hand, and analyze merges the hosts' parts", async () => {
    const seed = 8;
    const common = ["--transport", "nats", "--cluster", host("cluster"), "--name", "class"];
    const coordinator = startCli([
      "coordinator",
      ...common,
      "--machines",
      "3",
      "--duration",
      "3",
      "--seed",
      String(seed),
      "--speed-min",
      "8",
      "--speed-max",
      "12",
      "--log-dir",
      host("host-a"),
    ]);
    await coordinator.waitForOutput(/waiting for 3 machines/);
    const clientB = startCli([
      "client",
      ...common,
      "--ids",
      "m1,m2",
      "--nats",
      cluster.urls[1]!,
      "--log-dir",
      host("host-b"),
    ]);
    const clientC = startCli([
      "client",
      ...common,
      "--id",
      "m3",
      "--nats",
      cluster.urls[2]!,
      "--log-dir",
      host("host-c"),
    ]);
    for (const process of [coordinator, clientB, clientC])
      expect(await process.exited(), `seed ${seed}\n${process.output()}`).toBe(0);

    const parts = ["host-a", "host-b", "host-c"].map((name) => join(host(name), "class"));
    const result = await runCli(["analyze", ...parts, "--json", "--no-report"], { timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(0);
    const analysis = JSON.parse(result.stdout) as {
      run: RunFates;
      warnings: string[];
      machines: Array<{ id: string }>;
    };
    expect(Object.keys(analysis.machines)).toEqual(["m1", "m2", "m3"]);
    expectEveryFateAccounted(analysis.run, analysis.warnings);
    expect(analysis.run.sent).toBeGreaterThan(10);
    expect(analysis.run.lost).toEqual({});
  }, 60_000);

  it("refuses a part of another run, naming both run ids", async () => {
    const stray = join(host("host-d"), "class");
    cpSync(join(host("host-c"), "class"), stray, { recursive: true });
    const partFile = join(stray, "edges", "m3.jsonl");
    const lines = readFileSync(partFile, "utf8").split("\n");
    lines[0] = lines[0]!.replace('"runId":"class"', '"runId":"other-class"');
    writeFileSync(partFile, lines.join("\n"));
    mkdirSync(join(stray, "edges"), { recursive: true });
    const result = await runCli(["analyze", join(host("host-a"), "class"), stray, "--no-report"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is a part of run other-class, but the other parts given are of run class/);
  });
});
