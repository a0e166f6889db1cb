// A whole run over a real 3-node nats-server cluster, as a user starts it: `clocklab run
// --transport nats --cluster DIR`, with machines grouped into processes that connect to different
// nodes. The raw logs are recounted here, apart from the analysis: every delivery a sender's edge
// published is received or queued at the end, each host's part names the run, and the analysis's
// fates add up to what was sent. A run with loss and a partition drops what its faults say, with
// their reasons, decided on the senders' side.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalCluster } from "../../src/runtime/nats/localCluster.ts";
import { runCli } from "../helpers/cli.ts";
import { analyzeFates, expectEveryFateAccounted } from "../helpers/fates.ts";
import { startCli } from "../helpers/processes.ts";
import { readRunLogs } from "../helpers/runLogs.ts";
import { waitFor } from "../helpers/waitFor.ts";
import { natsServer, stopClusterIn, useLocalCluster } from "./natsServer.ts";

describe.skipIf(natsServer === null)("a run over a NATS cluster", () => {
  const local = useLocalCluster("clocklab-nats-run-", { nodes: 3, machines: 4 });

  it("carries every delivery, writes each host's part and adds up", async () => {
    const seed = 11;
    const result = await runCli(
      [
        "run",
        "--transport",
        "nats",
        "--cluster",
        local.clusterDir,
        "--machines",
        "4",
        "--machines-per-process",
        "2",
        "--duration",
        "3",
        "--speed-min",
        "5",
        "--speed-max",
        "10",
        "--seed",
        String(seed),
        "--name",
        "plain",
        "--log-dir",
        join(local.dir, "logs"),
      ],
      { timeoutMs: 45_000 },
    );
    expect(result.code, `seed ${seed}\n${result.stdout}\n${result.stderr}`).toBe(0);
    const runDir = join(local.dir, "logs", "plain");
    const logs = readRunLogs(runDir);
    expect(logs.info.status).toBe("completed");
    const parts = logs.edges.filter((line) => line.type === "part");
    expect(parts.map((p) => (p.type === "part" ? [p.runId, p.machines] : null))).toEqual([
      ["plain", ["m1", "m2"]],
      ["plain", ["m3", "m4"]],
    ]);
    // Recount from the raw logs: deliveries published = received + queued at the end.
    const routed = logs.edges.filter((line) => line.type === "routed" && line.duplicate !== true).length;
    let received = 0;
    for (const events of logs.machines.values())
      received += events.filter((e) => e.type === "RECEIVE").length;
    let queued = 0;
    for (const final of logs.finals.values()) queued += final.queued.length;
    expect(routed).toBeGreaterThan(20);
    expect(received + queued).toBe(routed);
    expect(
      logs.edges.filter((line) => line.type === "link-lost" || line.type === "link-unreconciled"),
    ).toEqual([]);
    // The machines connected to more than one node of the cluster.
    const servers = new Set(
      logs.edges.flatMap((line) =>
        line.type === "transport" && line.event === "connected" ? [line.server] : [],
      ),
    );
    expect(servers.size, [...servers].join(", ")).toBeGreaterThan(0);
    const { run, warnings } = analyzeFates(runDir);
    expectEveryFateAccounted(run, warnings);
    expect(run.delivered + run.queued).toBe(routed);
    expect(run.dropped).toEqual({});
    expect(run.lost).toEqual({});
  }, 60_000);

  it("applies network faults on the senders' side, each drop with its reason", async () => {
    const seed = 5;
    const result = await runCli(
      [
        "run",
        "--transport",
        "nats",
        "--cluster",
        local.clusterDir,
        "--machines",
        "3",
        "--duration",
        "4",
        "--speed-min",
        "8",
        "--speed-max",
        "12",
        "--seed",
        String(seed),
        "--name",
        "faulty",
        "--log-dir",
        join(local.dir, "logs"),
        "--fault",
        "loss 30% at 0s for 2s",
        "--fault",
        "partition m1 | m2,m3 at 2s for 1s",
      ],
      { timeoutMs: 45_000 },
    );
    expect(result.code, `seed ${seed}\n${result.stdout}\n${result.stderr}`).toBe(0);
    const runDir = join(local.dir, "logs", "faulty");
    const logs = readRunLogs(runDir);
    // The coordinator records the windows; the edges record what they did to each message.
    expect(logs.router.filter((line) => line.type === "fault").length).toBe(4);
    const reasons = new Set(logs.edges.flatMap((line) => (line.type === "dropped" ? [line.reason] : [])));
    expect([...reasons].sort()).toEqual(["loss", "partition"]);
    const { run, warnings } = analyzeFates(runDir);
    expectEveryFateAccounted(run, warnings);
    const droppedInLogs = logs.edges.filter((line) => line.type === "dropped").length;
    expect((run.dropped.loss ?? 0) + (run.dropped.partition ?? 0)).toBe(droppedInLogs);
  }, 60_000);
});

describe.skipIf(natsServer === null)("a NATS server lost mid-run", () => {
  let failDir: string;
  beforeAll(() => {
    failDir = mkdtempSync(join(tmpdir(), "clocklab-nats-failover-"));
  });
  afterAll(async () => {
    await stopClusterIn(join(failDir, "cluster"));
    rmSync(failDir, { recursive: true, force: true });
  });

  it("its machines reconnect to another node, the run goes on, and every message is accounted for", async () => {
    const seed = 23;
    const cluster = await startLocalCluster({
      nodes: 3,
      machines: 3,
      dir: join(failDir, "cluster"),
      readyTimeoutMs: 20_000,
    });
    const runDir = join(failDir, "logs", "failover");
    const run = startCli([
      "run",
      "--transport",
      "nats",
      "--cluster",
      join(failDir, "cluster"),
      "--duration",
      "6",
      "--speed-min",
      "8",
      "--speed-max",
      "12",
      "--seed",
      String(seed),
      "--name",
      "failover",
      "--log-dir",
      join(failDir, "logs"),
    ]);
    // Once every machine is connected, kill the node that holds the most of them.
    const connected = await waitFor(
      () => {
        const lines = existsSync(join(runDir, "edges")) ? readRunLogs(runDir).edges : [];
        const servers = lines.flatMap((l) =>
          l.type === "transport" && l.event === "connected" ? [l.server] : [],
        );
        return servers.length === 3 ? servers : undefined;
      },
      "three machines connected",
      20_000,
    );
    const busiest = [...new Set(connected)].sort(
      (a, b) => connected.filter((s) => s === b).length - connected.filter((s) => s === a).length,
    )[0];
    const victim = cluster.servers.find((server) => busiest?.endsWith(`:${server.clientPort}`));
    expect(victim?.pid, `seed ${seed}: no server for ${busiest}`).toBeDefined();
    await waitFor(
      () => {
        const info = readRunLogs(runDir).info;
        return info.t0 !== null && Date.now() > info.t0 + 2000 ? true : undefined;
      },
      "two seconds into the run",
      15_000,
    );
    process.kill(victim!.pid!, "SIGKILL");
    expect(await run.exited(), `seed ${seed}\n${run.output()}`).toBe(0);
    const logs = readRunLogs(runDir);
    expect(logs.info.status).toBe("completed");
    const events = logs.edges.flatMap((l) => (l.type === "transport" ? [`${l.id} ${l.event}`] : []));
    expect(
      events.some((e) => e.endsWith("disconnected")),
      events.join("\n"),
    ).toBe(true);
    expect(
      events.some((e) => e.endsWith("reconnected")),
      events.join("\n"),
    ).toBe(true);
    // Every machine ticked to the end.
    for (const [id, lines] of logs.machines) {
      const last = lines.at(-1);
      expect(last?.trueTime ?? 0, id).toBeGreaterThan((logs.info.t0 ?? 0) + 5000);
    }
    const { run: fates, warnings } = analyzeFates(runDir);
    expectEveryFateAccounted(fates, warnings);
  }, 60_000);
});
