// Write-ahead under NATS, with a real cluster and a real kill: a sender whose part log is batched
// per event-loop turn is SIGKILLed mid-run, and every delivery that reached its receiver must be
// in the sender's part log (a `routed` line), however the kill fell between the log's write and
// the publishes.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { machineSubscriptions } from "../../src/core/nats/subjects.ts";
import { credentialsFileFor, readClusterFile } from "../../src/runtime/nats/clusterFile.ts";
import { connectAs } from "../../src/runtime/nats/connect.ts";
import { startLocalCluster } from "../../src/runtime/nats/localCluster.ts";
import { partLogPath } from "../../src/runtime/nats/partLog.ts";
import { waitFor } from "../helpers/waitFor.ts";
import { natsServer, stopClusterIn } from "./natsServer.ts";

const SENDER = join(import.meta.dirname, "fixtures", "writeAheadSender.ts");
const ROOT = join(import.meta.dirname, "..", "..");

let dir: string;
let clusterDir: string;
let receiver: NatsConnection | null = null;
let child: ChildProcess | null = null;

describe.skipIf(natsServer === null)("write-ahead of a NATS sender killed mid-run", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "clocklab-nats-write-ahead-"));
    clusterDir = join(dir, "cluster");
    await startLocalCluster({ nodes: 1, machines: 2, dir: clusterDir, readyTimeoutMs: 20_000 });
  }, 30_000);

  afterAll(async () => {
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null)
      process.kill(child.pid, "SIGKILL");
    await receiver?.close();
    await stopClusterIn(clusterDir);
    rmSync(dir, { recursive: true, force: true });
  });

  it("has every delivery a receiver got in its part log", async () => {
    const run = "killed";
    const logDir = join(dir, "logs");
    const cluster = readClusterFile(clusterDir);
    receiver = await connectAs(cluster.urls, credentialsFileFor(cluster, "m2"), { name: "m2" });
    const received: string[] = [];
    let counting = true;
    for (const subject of machineSubscriptions(run, "m2")) {
      receiver.subscribe(subject, {
        callback: (error, msg) => {
          if (error === null && counting) received.push((msg.json() as { id: string }).id);
        },
      });
    }
    await receiver.flush();

    const started = spawn(process.execPath, ["--import", "tsx", SENDER, clusterDir, logDir, run], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    let output = "";
    started.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.stderr!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<void>((resolve) => started.on("exit", () => resolve()));
    // Killed while it sends as fast as it can: thousands of batches, each written then published.
    await waitFor(() => received.length >= 5000, `5,000 deliveries from the sender\n${output}`, 30_000);
    process.kill(started.pid!, "SIGKILL");
    await exited;
    await receiver.flush();
    counting = false;

    const path = partLogPath(join(logDir, run), "m1");
    expect(existsSync(path)).toBe(true);
    const logged = new Set<string>();
    for (const line of readFileSync(path, "utf8").split("\n")) {
      if (line === "") continue;
      const entry = JSON.parse(line) as { type: string; id?: string };
      if (entry.type === "routed" && entry.id !== undefined) logged.add(entry.id);
    }
    const missing = received.filter((id) => !logged.has(id));
    expect(
      missing.slice(0, 10),
      `${missing.length} of ${received.length} received not in the part log`,
    ).toEqual([]);
    expect(received.length).toBeGreaterThanOrEqual(5000);
  }, 60_000);
});
