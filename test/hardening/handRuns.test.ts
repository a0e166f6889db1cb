// Hand runs (issue 12, items 10-13 and 22): a router and clients started one by one, as a user in
// several terminals would. Clients take the router's plan from its start frame (or ask for a
// speed), a machine that leaves before the start frees its slot, clients say how they are doing
// and the router where the run is, a failed start leaves no directory behind, and a run whose
// run.json was deleted is not silently started again.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { analyzeFates, expectEveryFateAccounted } from "../helpers/fates.ts";
import { type CliProcess, killAllStarted, startCli } from "../helpers/processes.ts";
import { RawClient } from "../helpers/rawClient.ts";
import { type RunLogs, readRunLogs } from "../helpers/runLogs.ts";
import { waitFor } from "../helpers/waitFor.ts";
import { STACK_FRAME, startHandClient, startHandRouter } from "./common.ts";

let logDir: string;
beforeAll(() => {
  logDir = mkdtempSync(join(tmpdir(), "clocklab-hand-"));
});
afterAll(() => {
  killAllStarted();
  rmSync(logDir, { recursive: true, force: true });
});

/** The exit code of a router that should refuse to start, or "listening" if it started after all. */
async function exitCodeUnlessListening(router: CliProcess): Promise<number | null | "listening"> {
  const exit = router.exited();
  const listening = router.waitForOutput(/listening on/, 20_000).then(() => "listening" as const);
  return await Promise.race([exit, listening.catch(() => exit)]);
}

// One run of 11 s covers items 10, 11 and 12: a heartbeat comes every 10 s, so a client must live
// a little longer than that to print one.
const DURATION_S = 11;

describe("router --speeds 6,5,4 with clients started by hand, after an m4 that left", () => {
  let router: CliProcess;
  let m4: CliProcess;
  let clients: CliProcess[];
  let codes: { router: number | null; m4: number | null; clients: Array<number | null> };
  let logs: RunLogs;
  const runDir = () => join(logDir, "hand");

  beforeAll(async () => {
    const started = await startHandRouter([
      ...["--machines", "3", "--speeds", "6,5,4", "--duration", String(DURATION_S)],
      ...["--seed", "7", "--name", "hand", "--log-dir", logDir],
    ]);
    router = started.router;
    // Item 11: m4 joins while the router gathers its 3 machines, then is stopped with Ctrl-C.
    m4 = startHandClient("m4", started.port, logDir);
    await router.waitForOutput(/m4 joined/);
    m4.kill("SIGINT");
    const m4Code = await m4.exited();
    await router.waitForOutput(/m4 left/);
    // Item 10: m1 and m2 take the router's plan; m3 asks for 9 ticks/s.
    clients = [
      startHandClient("m1", started.port, logDir),
      startHandClient("m2", started.port, logDir),
      startHandClient("m3", started.port, logDir, ["--speed", "9"]),
    ];
    const clientCodes = await Promise.all(clients.map((c) => c.exited()));
    codes = { router: await router.exited(), m4: m4Code, clients: clientCodes };
    logs = readRunLogs(runDir());
  }, 60_000);

  it("item 11: m4's slot is free again; m1, m2, m3 run as the run's machines, none refused", () => {
    const output = [router, ...clients].map((p) => p.output()).join("\n");
    expect(output).not.toMatch(/RUN_FULL/);
    expect(codes.clients, output).toEqual([0, 0, 0]);
    expect(codes.router, router.output()).toBe(0);
    expect(logs.info.status).toBe("completed");
    expect(logs.info.machines.map((m) => m.id)).toEqual(["m1", "m2", "m3"]);
    const started = logs.router.find((e) => e.type === "started");
    expect(started?.type === "started" && started.peers).toEqual(["m1", "m2", "m3"]);
    // Nothing was ever routed to (or dropped for) the machine that left before the start.
    const forM4 = logs.router.filter((e) => "to" in e && e.to === "m4");
    expect(forM4).toEqual([]);
    // Nor does it leave files that make it look like one of the run's machines (an empty m4.jsonl
    // and an m4.final.json did, before).
    expect(existsSync(join(runDir(), "m4.jsonl"))).toBe(false);
    expect(existsSync(join(runDir(), "m4.final.json"))).toBe(false);
    expect(m4.output()).toContain("m4 stopped (SIGINT) after 0 ticks; no log written");
  });

  it("item 10: run.json records 6, 5 and the asked-for 9, and the machines tick at those speeds", () => {
    expect(logs.info.machines.map((m) => [m.id, m.ticksPerSecond])).toEqual([
      ["m1", 6],
      ["m2", 5],
      ["m3", 9],
    ]);
    // Before the fix, clients drew the seed's speeds themselves, whatever run.json said.
    for (const { id, ticksPerSecond } of logs.info.machines) {
      const events = logs.machines.get(id) ?? [];
      expect(
        Math.abs(events.length - ticksPerSecond * DURATION_S),
        `${id}: ${events.length} events`,
      ).toBeLessThanOrEqual(1);
      expect(events.map((e) => e.tick)).toEqual(events.map((_, i) => i + 1));
    }
  });

  it("item 12: each client prints a heartbeat and a final line; the router names the run and analyze", () => {
    for (const [i, client] of clients.entries()) {
      const id = `m${i + 1}`;
      expect(client.output()).toMatch(
        new RegExp(`clocklab client: ${id} tick \\d+, lamport \\d+, queue \\d+`),
      );
      expect(client.output()).toContain(`clocklab client: ${id} stopped (duration reached) after `);
      expect(client.output()).toContain(`log in ${runDir()}`);
    }
    const last = router.output().trimEnd().split("\n").slice(-2);
    expect(last).toEqual([
      `clocklab router: run directory: ${runDir()}`,
      `clocklab router: analyse it with: clocklab analyze ${runDir()}`,
    ]);
  });

  it("accounts for every delivery of the run", () => {
    const { run, warnings } = analyzeFates(runDir());
    expectEveryFateAccounted(run, warnings);
    expect(run.sent).toBeGreaterThan(0);
  });
});

describe("a router that cannot start", () => {
  let blocker: Server;
  afterEach(() => {
    killAllStarted();
    blocker?.close();
  });

  it("item 13: leaves no --name directory when its port is taken, and the name works right after", async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    const failed = startCli(["router", "--port", String(port), "--name", "busy", "--log-dir", logDir]);
    expect(await exitCodeUnlessListening(failed)).toBe(2);
    expect(failed.output()).toMatch(new RegExp(`router.port ${port} .*already in use`));
    expect(failed.output()).not.toMatch(STACK_FRAME);
    // Before the fix, busy/ stayed with a run.json and a router.jsonl in it.
    expect(existsSync(join(logDir, "busy"))).toBe(false);

    const again = await startHandRouter(["--name", "busy", "--log-dir", logDir, "--machines", "3"]);
    expect(again.router.output()).toContain("run busy ");
    again.router.kill("SIGINT");
    expect(await again.router.exited()).toBe(130);
  });
});

describe("a run whose run.json was deleted", () => {
  afterEach(() => killAllStarted());

  it("item 22: is refused when the router restarts with the same --name, as router.jsonl is still there", async () => {
    const runDir = join(logDir, "orphan");
    const first = await startHandRouter(["--name", "orphan", "--log-dir", logDir, "--machines", "3"]);
    // A machine joins, so router.jsonl records something of the run.
    const peer = await RawClient.join(first.port, "m1");
    expect(peer.frames[0]?.type).toBe("welcome");
    await waitFor(
      () => existsSync(join(runDir, "router.jsonl")) && readFileSync(join(runDir, "router.jsonl"), "utf8"),
      "router.jsonl to record the join",
    );
    first.router.kill("SIGKILL");
    await first.router.exited();
    peer.destroy();
    rmSync(join(runDir, "run.json"));

    const second = startCli(["router", "--port", "0", "--name", "orphan", "--log-dir", logDir]);
    expect(await exitCodeUnlessListening(second)).toBe(2);
    expect(second.output()).toMatch(/holds a router\.jsonl but no run\.json/);
    expect(second.output()).not.toMatch(STACK_FRAME);
    // Before the fix, a new run started there with a new t0 and a fresh run.json.
    expect(existsSync(join(runDir, "run.json"))).toBe(false);
  });
});
