import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOST_HELD_BY_CRASHED_SENDER, LOST_IN_CRASHED_QUEUE } from "../../src/analysis/messageFates.ts";
import type { RouterLogEntry } from "../../src/core/routerLog.ts";
import type { EventLine } from "../../src/core/types.ts";
import { runCli } from "../helpers/cli.ts";
import { analyzeFates, expectEveryFateAccounted } from "../helpers/fates.ts";
import { killAllStarted, startCli } from "../helpers/processes.ts";
import { readRunLogs } from "../helpers/runLogs.ts";
import { waitFor } from "../helpers/waitFor.ts";
import { natsServer, useLocalCluster } from "./natsServer.ts";

/** The run's settings besides the transport, the same for both runs. */
const PACE = ["--speed-min", "8", "--speed-max", "12"];

function joinedAgain(router: RouterLogEntry[], id: string): RouterLogEntry & { type: "joined" } {
  const line = router.find((l) => l.type === "joined" && l.id === id && l.rejoin);
  expect(line, router.map((l) => JSON.stringify(l)).join("\n")).toBeDefined();
  return line as RouterLogEntry & { type: "joined" };
}

/** The restarted machine's clocks: Lamport only goes up, and its sequence numbers go on. */
function expectClocksResumed(events: EventLine[], restartedAtMs: number): void {
  for (let i = 1; i < events.length; i++) {
    expect(events[i]!.lamport, `event ${i}`).toBeGreaterThan(events[i - 1]!.lamport);
    expect(events[i]!.seq).toBeGreaterThan(events[i - 1]!.seq);
  }
  expect(events.some((e) => e.trueTime < restartedAtMs)).toBe(true);
  expect(events.some((e) => e.trueTime > restartedAtMs)).toBe(true);
}

describe.skipIf(natsServer === null)("a machine restarted in a run over NATS", () => {
  const local = useLocalCluster("clocklab-nats-crash-", { nodes: 3, machines: 4 }, killAllStarted);

  it("by a crash fault: it leaves, comes back, is delivered to again, and every fate adds up", async () => {
    const seed = 7;
    const result = await runCli(
      [
        "run",
        "--transport",
        "nats",
        "--cluster",
        local.clusterDir,
        "--machines",
        "4",
        "--duration",
        "8",
        ...PACE,
        "--seed",
        String(seed),
        "--name",
        "crash",
        "--log-dir",
        join(local.dir, "logs"),
        "--fault",
        "crash m2 at 2s for 2s",
        // Deliveries held in m2's own edge when it is killed are lost with its process.
        "--fault",
        "latency 1500ms at 1s for 1s",
      ],
      { timeoutMs: 60_000 },
    );
    expect(result.code, `seed ${seed}\n${result.stdout}\n${result.stderr}`).toBe(0);
    const runDir = join(local.dir, "logs", "crash");
    const logs = readRunLogs(runDir);
    expect(logs.info.status).toBe("completed");
    // The coordinator records the kill and the machine leaving then, as a TCP router would.
    const left = logs.router.find((l) => l.type === "left" && l.id === "m2");
    expect(left).toMatchObject({ reason: "connection lost (its process was killed by fault f1)" });
    const rejoined = joinedAgain(logs.router, "m2");
    // While it was down, its senders dropped what they had for it; after it rejoined, they delivered.
    const gone = logs.edges.filter((l) => l.type === "dropped" && l.reason === "machine-gone");
    expect(gone.length).toBeGreaterThan(0);
    for (const drop of gone) expect(drop.type === "dropped" && drop.to).toBe("m2");
    const m2 = logs.machines.get("m2") ?? [];
    const receivedAfter = m2.filter((e) => e.type === "RECEIVE" && e.trueTime > rejoined.at);
    expect(receivedAfter.length, "receives after the rejoin").toBeGreaterThan(0);
    expectClocksResumed(m2, rejoined.at);
    // No link lost anything on NATS: the restarted process's books were marked by every sender.
    expect(logs.edges.filter((l) => l.type === "link-lost")).toEqual([]);
    const unreconciled = logs.edges.filter((l) => l.type === "link-unreconciled");
    for (const line of unreconciled) expect(line).toMatchObject({ from: "m2", reason: /sender restarted/ });
    // Recount what m2's edge held and never let go of (no later line for the same delivery).
    const decided = new Set(
      logs.edges.flatMap((l) =>
        l.type === "routed" || l.type === "dropped" || l.type === "held-at-end" ? [`${l.id}>${l.to}`] : [],
      ),
    );
    const heldAtKill = logs.edges.filter(
      (l) => l.type === "held" && l.from === "m2" && !decided.has(`${l.id}>${l.to}`),
    ).length;
    expect(heldAtKill, `seed ${seed}: m2 held nothing when it was killed`).toBeGreaterThan(0);
    const { run, warnings } = analyzeFates(runDir);
    expectEveryFateAccounted(run, warnings);
    expect(run.dropped["machine-gone"]).toBe(gone.length);
    // At least what it held; also any send of its last instant whose line had not reached the part
    // log (never published: the write-ahead holds), so no more than its SEND lines the edge never logged.
    const lostWithSender = run.lost[LOST_HELD_BY_CRASHED_SENDER] ?? 0;
    expect(lostWithSender, `seed ${seed}`).toBeGreaterThanOrEqual(heldAtKill);
    expect(lostWithSender - heldAtKill, `seed ${seed}`).toBeLessThanOrEqual(10);
    expect(
      Object.keys(run.lost).filter(
        (cause) => cause !== LOST_IN_CRASHED_QUEUE && cause !== LOST_HELD_BY_CRASHED_SENDER,
      ),
    ).toEqual([]);
  }, 90_000);

  it("by hand: a client killed by its pid and started again rejoins, and every fate adds up", async () => {
    const seed = 9;
    const logDir = join(local.dir, "hand-logs");
    const common = [
      "--transport",
      "nats",
      "--cluster",
      local.clusterDir,
      "--name",
      "hand",
      "--log-dir",
      logDir,
    ];
    const coordinator = startCli([
      "coordinator",
      ...common,
      "--machines",
      "3",
      "--duration",
      "8",
      "--seed",
      String(seed),
      ...PACE,
    ]);
    await coordinator.waitForOutput(/waiting for 3 machines/);
    const client = (id: string) => startCli(["client", ...common, "--id", id]);
    const others = [client("m1"), client("m3")];
    const first = client("m2");
    const runDir = join(logDir, "hand");
    const eventsOf = (id: string) => readRunLogs(runDir).machines.get(id) ?? [];
    // Two seconds into the run, kill m2's process; start it again once m1 has gone on for a second.
    await waitFor(
      () => {
        const t0 = readRunLogs(runDir).info.t0;
        return t0 !== null && Date.now() > t0 + 2000 ? true : undefined;
      },
      "the run two seconds in",
      20_000,
    );
    first.kill("SIGKILL");
    expect(await first.exited()).toBeNull();
    const killedAtMs = Date.now();
    await waitFor(
      () => (eventsOf("m1").some((e) => e.trueTime > killedAtMs + 1000) ? true : undefined),
      "m1 a second past the kill",
      10_000,
    );
    const second = client("m2");
    for (const process of [coordinator, ...others, second])
      expect(await process.exited(), `seed ${seed}\n${process.output()}`).toBe(0);

    const logs = readRunLogs(runDir);
    expect(logs.info.status).toBe("completed");
    expect(logs.router.filter((l) => l.type === "left").map((l) => l.type === "left" && l.reason)).toEqual([
      "said hello again (restarted)",
    ]);
    const rejoined = joinedAgain(logs.router, "m2");
    const m2 = logs.machines.get("m2") ?? [];
    expect(m2.filter((e) => e.type === "RECEIVE" && e.trueTime > rejoined.at).length).toBeGreaterThan(0);
    expectClocksResumed(m2, rejoined.at);
    expect(logs.edges.filter((l) => l.type === "link-lost")).toEqual([]);
    const { run, warnings } = analyzeFates(runDir);
    expectEveryFateAccounted(run, warnings);
    // Nothing told the senders m2 was gone until its new process said hello: what they published
    // to it meanwhile is lost with its queue, as a crashed machine's under TCP.
    expect(run.lost[LOST_IN_CRASHED_QUEUE]).toBeGreaterThan(0);
    expect(Object.keys(run.lost).filter((cause) => cause !== LOST_IN_CRASHED_QUEUE)).toEqual([]);
  }, 90_000);
});
