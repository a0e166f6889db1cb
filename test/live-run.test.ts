// Integration: the real CLI runs a router and 3 machines as separate processes over TCP on
// 127.0.0.1 for a few seconds with a fixed seed, and the logs it leaves are checked.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReceivedMessageSummary, SentMessageSummary } from "../src/core/types.ts";
import { type CliResult, runCli } from "./helpers/cli.ts";
import { analyzeFates, expectEveryFateAccounted } from "./helpers/fates.ts";
import { startCli } from "./helpers/processes.ts";
import { type RunLogs, readRunLogs } from "./helpers/runLogs.ts";
import { waitFor } from "./helpers/waitFor.ts";

const SEED = 4242;
const DURATION_S = 4;

describe(`clocklab run --seed ${SEED} --duration ${DURATION_S}`, () => {
  let logDir: string;
  let result: CliResult;
  let logs: RunLogs;

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), "clocklab-live-"));
    result = await runCli([
      "run",
      "--duration",
      String(DURATION_S),
      "--seed",
      String(SEED),
      "--speeds",
      "2,5,8",
      "--port",
      "0",
      "--name",
      "live",
      "--log-dir",
      logDir,
    ]);
    logs = readRunLogs(join(logDir, "live"));
  }, 60_000);

  afterAll(() => rmSync(logDir, { recursive: true, force: true }));

  it("exits 0 and records a completed run with its seed", () => {
    expect(result.code, result.stderr).toBe(0);
    expect(logs.info.status).toBe("completed");
    expect(logs.info.seed).toBe(SEED);
    expect(logs.info.mode).toBe("live");
    expect(logs.info.machines.map((m) => m.ticksPerSecond)).toEqual([2, 5, 8]);
    expect(result.stdout).toContain("run directory:");
  });

  it("ticks each machine speed x duration times, within one tick", () => {
    for (const machine of logs.info.machines) {
      const events = logs.machines.get(machine.id) ?? [];
      expect(Math.abs(events.length - machine.ticksPerSecond * DURATION_S), machine.id).toBeLessThanOrEqual(
        1,
      );
      expect(events.map((e) => e.tick)).toEqual(events.map((_, i) => i + 1));
    }
  });

  it("matches every RECEIVE to a SEND in another machine's log, with a larger Lamport value", () => {
    const sends = new Map<string, { from: string; message: SentMessageSummary }>();
    for (const [id, events] of logs.machines) {
      for (const event of events) {
        if (event.type === "SEND")
          sends.set(event.message!.id, { from: id, message: event.message as SentMessageSummary });
      }
    }
    let receives = 0;
    for (const [id, events] of logs.machines) {
      for (const event of events) {
        if (event.type !== "RECEIVE") continue;
        receives++;
        const message = event.message as ReceivedMessageSummary;
        const send = sends.get(message.id);
        expect(send, `RECEIVE ${message.id} at ${id}`).toBeDefined();
        expect(send!.from).toBe(message.from);
        expect(send!.from).not.toBe(id);
        expect(send!.message.to).toContain(id);
        expect(event.lamport).toBeGreaterThan(message.lamport);
        expect(message.lamport).toBe(send!.message.lamport);
      }
    }
    expect(receives).toBeGreaterThan(0);
  });

  it("loses no message: every routed delivery is received or still queued at the end", () => {
    const received = new Set<string>();
    for (const [id, events] of logs.machines) {
      for (const event of events) if (event.type === "RECEIVE") received.add(`${event.message!.id}>${id}`);
    }
    const queued = new Set<string>();
    for (const [id, final] of logs.finals) for (const q of final.queued) queued.add(`${q.id}>${id}`);
    const routed = logs.router.filter((e) => e.type === "routed");
    expect(routed.length).toBeGreaterThan(0);
    for (const entry of routed) {
      const key = `${entry.id}>${entry.to}`;
      expect(received.has(key) || queued.has(key), `routed ${key} neither received nor queued`).toBe(true);
    }
    expect(received.size + queued.size).toBe(routed.length);
  });

  it("ends cleanly: every delivery sent reached a queue, none dropped, none lost, none in flight", () => {
    const { run, warnings } = analyzeFates(join(logDir, "live"));
    expectEveryFateAccounted(run, warnings);
    expect(run.dropped).toEqual({});
    expect(run.lost).toEqual({});
    expect(run.inFlight).toBe(0);
    expect(run.delivered + run.queued).toBe(run.sent);
  });

  it("routes every SEND to the destinations its kind names", () => {
    const routedTo = new Map<string, string[]>();
    for (const entry of logs.router) {
      if (entry.type === "routed" || entry.type === "dropped") {
        routedTo.set(entry.id, [...(routedTo.get(entry.id) ?? []), entry.to ?? "-"]);
      }
    }
    for (const events of logs.machines.values()) {
      for (const event of events) {
        if (event.type !== "SEND") continue;
        const message = event.message as SentMessageSummary;
        expect((routedTo.get(message.id) ?? []).sort()).toEqual([...message.to].sort());
      }
    }
  });
});

describe("Ctrl-C during a live run", () => {
  it("stops every process, keeps the logs, records the interruption and still prints the summary", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clocklab-sigint-"));
    try {
      const launcher = startCli([
        "run",
        "--duration",
        "60",
        "--seed",
        "3",
        "--port",
        "0",
        "--name",
        "ctrlc",
        "--log-dir",
        dir,
      ]);
      const m1Log = join(dir, "ctrlc", "m1.jsonl");
      await waitFor(
        () => existsSync(m1Log) && readFileSync(m1Log, "utf8").split("\n").length > 3,
        "m1 to log events",
        30_000,
      );
      launcher.kill("SIGINT");
      expect(await launcher.exited()).toBe(130);
      const logs = readRunLogs(join(dir, "ctrlc"));
      expect(logs.info.status).toBe("interrupted");
      expect(logs.info.endReason).toBe("SIGINT");
      expect(logs.machines.get("m1")!.length).toBeGreaterThan(2);
      expect(launcher.output()).toContain("run directory:");
      expect(launcher.output()).toContain("report:");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
