// Faults in a live run with real processes: a machine killed with SIGKILL and restarted, the
// router killed with SIGKILL and restarted, and shutdown by signal. Nothing is lost silently and
// no clock goes backwards.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RouterLogEntry } from "../src/core/routerLog.ts";
import type { RunInfo } from "../src/core/runInfo.ts";
import type { EventLine, SentMessageSummary } from "../src/core/types.ts";
import { analyzeFates, expectEveryFateAccounted } from "./helpers/fates.ts";
import { freePort, killAllStarted, startCli } from "./helpers/processes.ts";
import { waitFor } from "./helpers/waitFor.ts";

let logDir: string;
beforeAll(() => {
  logDir = mkdtempSync(join(tmpdir(), "clocklab-faults-"));
});
afterEach(() => killAllStarted());
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

function readLines<T>(path: string): T[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  const lines = text.split("\n").filter((line) => line !== "");
  return lines.map((line) => JSON.parse(line) as T);
}

const events = (run: string, id: string) => readLines<EventLine>(join(logDir, run, `${id}.jsonl`));
const routerLog = (run: string) => readLines<RouterLogEntry>(join(logDir, run, "router.jsonl"));
const runInfo = (run: string) => JSON.parse(readFileSync(join(logDir, run, "run.json"), "utf8")) as RunInfo;

function startRun(run: string, port: number, durationS: number) {
  const common = [
    "--port",
    String(port),
    "--log-dir",
    logDir,
    "--seed",
    "99",
    "--duration",
    String(durationS),
  ];
  const router = startCli(["router", "--name", run, ...common, "--speeds", "8,8,8"]);
  // Machines take the run's plan (speeds, seed, duration) from the router's start frame.
  const machine = (id: string) =>
    startCli(["client", "--id", id, "--port", String(port), "--log-dir", logDir]);
  return { router, machine, common };
}

describe("a machine killed with SIGKILL", () => {
  it("leaves an intact log, is recorded as gone, and resumes its clocks when restarted", async () => {
    const port = await freePort();
    const { router, machine } = startRun("machine-crash", port, 12);
    await router.waitForOutput(/listening/);
    const m1 = machine("m1");
    const m2 = machine("m2");
    const m3 = machine("m3");
    await waitFor(() => events("machine-crash", "m2").length >= 10, "m2 to log 10 events");

    m2.kill("SIGKILL");
    await m2.exited();
    const beforeCrash = events("machine-crash", "m2"); // every line parses: none was cut
    const lastBefore = beforeCrash.at(-1)!;
    await waitFor(
      () => routerLog("machine-crash").find((e) => e.type === "left" && e.id === "m2"),
      "the router to record m2 leaving",
    );
    await waitFor(
      () =>
        routerLog("machine-crash").find(
          (e) => e.type === "dropped" && e.to === "m2" && e.reason === "machine-gone",
        ),
      "a message for m2 to be recorded as dropped",
    );
    const othersBefore = events("machine-crash", "m1").length;
    await waitFor(() => events("machine-crash", "m1").length > othersBefore + 5, "m1 to carry on");

    const m2again = machine("m2");
    await waitFor(
      () => routerLog("machine-crash").find((e) => e.type === "joined" && e.id === "m2" && e.rejoin),
      "m2 to rejoin",
    );
    await waitFor(() => events("machine-crash", "m2").length > beforeCrash.length + 3, "m2 to tick again");
    const after = events("machine-crash", "m2").slice(beforeCrash.length);
    expect(after[0]!.lamport).toBeGreaterThan(lastBefore.lamport);
    expect(after[0]!.seq).toBe(lastBefore.seq + 1);
    expect(after[0]!.hlc.wall).toBeGreaterThanOrEqual(lastBefore.hlc.wall);
    for (const [key, value] of Object.entries(lastBefore.vector ?? {})) {
      expect(after[0]!.vector![key]).toBeGreaterThanOrEqual(value);
    }
    const ids = events("machine-crash", "m2")
      .filter((e) => e.type === "SEND")
      .map((e) => e.message!.id);
    expect(new Set(ids).size).toBe(ids.length);

    for (const p of [m1, m2again, m3]) p.kill("SIGINT");
    router.kill("SIGINT");
    await Promise.all([m1.exited(), m2again.exited(), m3.exited(), router.exited()]);
    expect(runInfo("machine-crash").status).toBe("interrupted");
    expect(runInfo("machine-crash").endReason).toBe("SIGINT");
    // Every delivery is accounted for: what was in m2's queue when it was killed is named as lost.
    const { run, warnings } = analyzeFates(join(logDir, "machine-crash"));
    expectEveryFateAccounted(run, warnings);
    expect(run.dropped["machine-gone"]).toBeGreaterThan(0);
  });
});

describe("the router killed with SIGKILL and restarted", () => {
  it("machines tick on, log failed sends, reconnect, and the run completes", async () => {
    const port = await freePort();
    const { router, machine, common } = startRun("router-crash", port, 8);
    await router.waitForOutput(/listening/);
    const machines = ["m1", "m2", "m3"].map(machine);
    await waitFor(() => events("router-crash", "m1").length >= 8, "m1 to log 8 events");

    router.kill("SIGKILL");
    await router.exited();
    const atCrash = events("router-crash", "m1").length;
    await waitFor(
      () =>
        ["m1", "m2", "m3"].some((id) =>
          events("router-crash", id).some(
            (e) => e.type === "SEND" && (e.message as SentMessageSummary).failed,
          ),
        ),
      "a send to be logged as failed while the router is down",
    );
    expect(events("router-crash", "m1").length).toBeGreaterThan(atCrash);

    const restarted = startCli(["router", "--name", "router-crash", ...common, "--speeds", "8,8,8"]);
    await restarted.waitForOutput(/listening/);
    await waitFor(
      () => routerLog("router-crash").filter((e) => e.type === "joined" && e.rejoin).length >= 3,
      "all three machines to reconnect",
    );
    expect(routerLog("router-crash").some((e) => e.type === "resumed")).toBe(true);
    const exitCodes = await Promise.all([restarted.exited(), ...machines.map((m) => m.exited())]);
    expect(exitCodes).toEqual([0, 0, 0, 0]);
    expect(runInfo("router-crash").status).toBe("completed");
    for (const id of ["m1", "m2", "m3"]) {
      const log = events("router-crash", id);
      expect(log.length, id).toBeGreaterThanOrEqual(8 * 8 - 1);
      for (let i = 1; i < log.length; i++) expect(log[i]!.lamport).toBeGreaterThan(log[i - 1]!.lamport);
    }
    // The sends made while the router was down are counted (dropped, router-down), and so is
    // anything the killed router had read but not logged.
    const { run, warnings } = analyzeFates(join(logDir, "router-crash"));
    expectEveryFateAccounted(run, warnings);
    expect(run.dropped["router-down"]).toBeGreaterThan(0);
  });
});
