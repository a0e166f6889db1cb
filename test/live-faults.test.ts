// Every kind of fault at once in a real `clocklab run`: a partition, a clock step, a pause and a
// crash with restart, applied live by the router (network), the machine (its clock) and the
// launcher (its process). The raw logs show each window and what was done, the clocks behave as
// the faults say, and the analysis accounts for every message, each loss with its cause.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { analyzeFates, expectEveryFateAccounted } from "./helpers/fates.ts";
import { readRunLogs } from "./helpers/runLogs.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "clocklab-live-faults-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a live run with a partition, a clock step, a pause and a crash", () => {
  it("applies each where it belongs, records it, and accounts for every message", async () => {
    const seed = 17;
    const result = await runCli(
      [
        "run",
        "--machines",
        "3",
        "--duration",
        "10",
        "--speed-min",
        "8",
        "--speed-max",
        "12",
        "--seed",
        String(seed),
        "--name",
        "all-faults",
        "--log-dir",
        dir,
        "--port",
        "0",
        "--fault",
        "partition m1 | m2,m3 at 0.5s for 1.5s",
        "--fault",
        "clock m2 step +2000ms at 2s",
        "--fault",
        "pause m3 at 2.5s for 1s",
        "--fault",
        "crash m1 at 3.5s for 1s",
      ],
      { timeoutMs: 45_000 },
    );
    const context = `seed ${seed}\n${result.stdout}\n${result.stderr}`;
    expect(result.code, context).toBe(0);
    const logs = readRunLogs(join(dir, "all-faults"));
    const t0 = logs.info.t0 ?? 0;

    // Each window opened and closed in router.jsonl (the step and the crash's restart included).
    const windows = logs.router.flatMap((l) => (l.type === "fault" ? [`${l.kind} ${l.phase}`] : []));
    for (const kind of ["partition", "clock", "pause", "crash"])
      expect(
        windows.filter((w) => w.startsWith(kind)).length,
        `${kind}: ${windows.join(", ")}`,
      ).toBeGreaterThan(0);
    const done = logs.router.flatMap((l) => (l.type === "process-fault" ? [`${l.machine} ${l.action}`] : []));
    expect(done, context).toEqual(["m3 paused", "m3 resumed", "m1 killed", "m1 restarted"]);

    // The partition dropped or held what crossed it, and said why.
    const crossed = logs.router.filter(
      (l) => (l.type === "dropped" && l.reason === "partition") || l.type === "held",
    );
    expect(crossed.length, context).toBeGreaterThan(0);

    // m2's physical clock jumped about 2 s ahead at the step, its Lamport clock never went back.
    const m2 = logs.machines.get("m2") ?? [];
    const offsets = m2.map((e) => e.systemTime - e.trueTime);
    expect(Math.max(...offsets) - Math.min(...offsets)).toBeGreaterThan(1900);
    // The crashed machine came back with its clocks resumed from its log.
    const m1 = logs.machines.get("m1") ?? [];
    for (let i = 1; i < m1.length; i++) expect(m1[i]!.lamport).toBeGreaterThan(m1[i - 1]!.lamport);
    expect(m1.at(-1)!.trueTime).toBeGreaterThan(t0 + 8000);
    // The paused machine did not tick while stopped (a gap of about a second in its log).
    const m3 = logs.machines.get("m3") ?? [];
    const gaps = m3.slice(1).map((e, i) => e.trueTime - m3[i]!.trueTime);
    expect(Math.max(...gaps)).toBeGreaterThan(800);

    const { run, warnings } = analyzeFates(join(dir, "all-faults"));
    expectEveryFateAccounted(run, warnings);
    expect(run.sent).toBeGreaterThan(30);
  }, 60_000);
});
