// Property: under any fault schedule (random kinds, targets, windows and seeds, reordering off;
// restarts resume their clocks from the log, as a restart from zero resets them by design),
// the simulator's logs keep the model's rules on every line: Lamport and the hybrid clock strictly
// increase per machine, a machine's own vector entry counts its events, each link delivers in the
// order it was sent, and every delivery has one fate. fast-check prints the failing seed.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeRun } from "../../src/analysis/index.ts";
import { configSchema } from "../../src/core/config.ts";
import type { FaultAction, FaultEntry } from "../../src/core/faults/spec.ts";
import type { EventLine, ReceivedMessageSummary } from "../../src/core/types.ts";
import { runSimulation } from "../../src/runtime/simulate/runSimulation.ts";

const logDir = mkdtempSync(join(tmpdir(), "clocklab-fault-props-"));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

const ids = ["m1", "m2", "m3", "m4"];
const target = fc.constantFrom<FaultAction & { kind: "pause" }>(
  ...ids.map((id) => ({ kind: "pause" as const, targets: { ids: [id] } })),
);
const action: fc.Arbitrary<FaultAction> = fc.oneof(
  fc.constantFrom<FaultAction>(
    { kind: "partition", groups: [["m1"], ["m2", "m3", "m4"]], mode: "drop" },
    {
      kind: "partition",
      groups: [
        ["m1", "m2"],
        ["m3", "m4"],
      ],
      mode: "hold",
    },
    { kind: "partition", targets: { rule: "one" }, oneWay: true, mode: "drop" },
    { kind: "latency", latency: { distribution: "exponential", meanMs: 40 } },
    { kind: "latency", latency: { distribution: "pareto", scaleMs: 5, alpha: 1.5 } },
    { kind: "loss", loss: { model: "bernoulli", probability: 0.2 } },
    { kind: "loss", loss: { model: "bursty", toBad: 0.1, toGood: 0.3, lossWhenBad: 0.8, lossWhenGood: 0 } },
    { kind: "duplicate", probability: 0.2 },
    { kind: "slow-link", extraMs: 200, links: { links: [{ from: "m2", to: "m1" }] } },
    { kind: "clock", targets: { ids: ["m2"] }, stepMs: -3000 },
    { kind: "clock", targets: { ids: ["m3"] }, stepMs: 2500 },
    { kind: "clock", targets: { rule: "one" }, strobe: { amplitudeMs: 800, periodMs: 1000 } },
    { kind: "clock", targets: { ids: ["m4"] }, driftPpm: 200_000 },
    { kind: "crash", targets: { ids: ["m4"] }, restart: "log" },
    { kind: "crash", targets: { ids: ["m3"] }, restart: "never" },
  ),
  target,
);
const entry: fc.Arbitrary<FaultEntry> = fc.record({
  action,
  timing: fc.record({
    schedule: fc.constant("once" as const),
    atS: fc.integer({ min: 0, max: 8 }),
    forS: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  }),
  source: fc.constant("property"),
});

let runs = 0;

describe("the model's rules under any fault schedule", () => {
  it("hold on every line, per link and for every delivery", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 1e6 }),
        async (faults, seed) => {
          const config = configSchema.parse({
            run: { machines: 4, durationS: 12, seed, name: `p${++runs}`, logDir },
            machine: {
              speeds: [5, 7, 9, 11],
              actions: { sendFirst: 2, sendSecond: 2, broadcast: 2, internal: 3 },
            },
          });
          const outcome = await runSimulation(config, { yes: true, faults });
          const files = readdirSync(outcome.runDir).filter((f) => /^m\d+\.jsonl$/.test(f));
          for (const file of files) {
            const lines = readFileSync(join(outcome.runDir, file), "utf8")
              .split("\n")
              .filter((l) => l !== "")
              .map((l) => JSON.parse(l) as EventLine);
            const me = file.slice(0, -6);
            const lastSeqFrom = new Map<string, number>();
            for (let i = 0; i < lines.length; i++) {
              const line = lines[i]!;
              if (i > 0) {
                const before = lines[i - 1]!;
                expect(line.lamport, `${me} line ${i}`).toBeGreaterThan(before.lamport);
                const hlcUp =
                  line.hlc.wall > before.hlc.wall ||
                  (line.hlc.wall === before.hlc.wall && line.hlc.logical > before.hlc.logical);
                expect(hlcUp, `${me} hlc at line ${i}`).toBe(true);
                if (line.vector !== undefined && before.vector !== undefined)
                  expect(line.vector[me]).toBe((before.vector[me] ?? 0) + 1);
              }
              const message =
                line.type === "RECEIVE" ? (line.message as ReceivedMessageSummary | undefined) : undefined;
              if (message !== undefined && message.duplicate !== true) {
                const seq = Number(message.id.slice(message.id.lastIndexOf(":") + 1));
                const last = lastSeqFrom.get(message.from) ?? 0;
                expect(seq, `${me} from ${message.from}: FIFO`).toBeGreaterThan(last);
                lastSeqFrom.set(message.from, seq);
                expect(line.lamport).toBeGreaterThan(message.lamport);
              }
            }
          }
          const analysis = await analyzeRun(outcome.runDir, {});
          const f = analysis.metrics.run;
          const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
          expect(f.delivered + f.queued + f.inFlight + sum(f.dropped) + sum(f.lost), JSON.stringify(f)).toBe(
            f.sent,
          );
          expect(f.causalityViolations).toBe(0);
          rmSync(outcome.runDir, { recursive: true, force: true });
        },
      ),
      { numRuns: 25, seed: 20261201 },
    );
  }, 120_000);
});
