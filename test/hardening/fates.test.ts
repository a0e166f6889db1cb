// Message accounting with real processes (issue 12, items 3, 5 and 6): every delivery has one
// fate, and a loss is named by its cause. A machine stopped (SIGSTOP) while messages are routed to
// it and then SIGKILLed lost what it had not read: "lost in a crashed machine's queue", in analyze
// and in the report. A slow consumer cut off by the router (slowConsumer: disconnect) is recorded,
// and what was routed to it and never received is dropped as slow-consumer; the sends it wrote into
// the connection the router had already reset are accounted when it comes back.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN } from "../helpers/cli.ts";
import { analyzeFates, expectEveryFateAccounted } from "../helpers/fates.ts";
import { killAllStarted } from "../helpers/processes.ts";
import { waitFor } from "../helpers/waitFor.ts";
import { startHandClient, startHandRouter } from "./common.ts";

let logDir: string;
beforeAll(() => {
  logDir = mkdtempSync(join(tmpdir(), "clocklab-fates-"));
});
afterEach(() => killAllStarted());
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

interface RouterLine {
  type: string;
  to?: string;
  id?: string;
  reason?: string;
}

function routerLines(runDir: string): RouterLine[] {
  const path = join(runDir, "router.jsonl");
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as RouterLine];
      } catch {
        return []; // a line being written
      }
    });
}

const routedTo = (runDir: string, id: string) =>
  routerLines(runDir).filter((e) => e.type === "routed" && e.to === id).length;

describe("item 3: what a machine had not read when it was SIGKILLed", () => {
  it("is lost in a crashed machine's queue, in analyze --json, the summary and the report", async () => {
    const runDir = join(logDir, "crash");
    const { router, port } = await startHandRouter([
      ...["--machines", "3", "--speeds", "20,20,20", "--duration", "5", "--seed", "3"],
      ...["--name", "crash", "--log-dir", logDir],
    ]);
    const [m1, m2, m3] = ["m1", "m2", "m3"].map((id) => startHandClient(id, port, logDir));
    await router.waitForOutput(/starting \(t0/, 20_000);
    await waitFor(() => routedTo(runDir, "m2") >= 2, "deliveries to m2");
    m2!.kill("SIGSTOP");
    const atStop = routedTo(runDir, "m2");
    // m2 reads nothing now: what is routed to it waits in its socket, unread.
    await waitFor(() => routedTo(runDir, "m2") >= atStop + 5, "5 more deliveries routed to the stopped m2");
    m2!.kill("SIGKILL");
    expect(await Promise.all([m1!.exited(), m3!.exited(), router.exited()])).toEqual([0, 0, 0]);

    const { run, warnings } = analyzeFates(runDir);
    expectEveryFateAccounted(run, warnings);
    const crashed = Object.entries(run.lost).find(([cause]) => cause.includes("crashed machine's queue"));
    expect(crashed?.[1] ?? 0, JSON.stringify(run)).toBeGreaterThanOrEqual(5);
    const summary = execFileSync(process.execPath, [CLI_BIN, "analyze", runDir], { encoding: "utf8" });
    expect(summary).toMatch(/\d+ lost \(in a crashed machine's queue/);
    expect(readFileSync(join(runDir, "report.html"), "utf8")).toContain("crashed machine");
  });
});

describe("items 5 and 6: a slow consumer cut off by the router (slowConsumer: disconnect)", () => {
  it("is recorded; what it never got is dropped as slow-consumer; its sends into the reset connection are accounted", async () => {
    const runDir = join(logDir, "slow");
    const { router, port } = await startHandRouter([
      ...["--machines", "3", "--speeds", "100,100,100", "--duration", "5", "--seed", "5"],
      ...["--set", "router.slowConsumer=disconnect", "--set", "router.outputLimitBytes=262144"],
      // Big messages fill the stopped machine's socket buffers in a second or two.
      ...["--set", "machine.payloadBytes=50000", "--name", "slow", "--log-dir", logDir],
    ]);
    const clients = ["m1", "m2", "m3"].map((id) => startHandClient(id, port, logDir));
    await waitFor(() => routedTo(runDir, "m3") >= 1, "deliveries to m3");
    clients[2]!.kill("SIGSTOP");
    await waitFor(
      () => routerLines(runDir).find((e) => e.type === "cut-off" && e.id === "m3"),
      "the router to cut the stopped m3 off",
    );
    clients[2]!.kill("SIGCONT");
    expect(await Promise.all([...clients.map((c) => c.exited()), router.exited()])).toEqual([0, 0, 0, 0]);

    const { run, warnings } = analyzeFates(runDir);
    expectEveryFateAccounted(run, warnings);
    expect(run.dropped["slow-consumer"] ?? 0, JSON.stringify(run)).toBeGreaterThan(0);
  });
});
