import { describe, expect, it } from "vitest";
import { type ConfigInput, configSchema } from "../core/config.ts";
import type { RouterLogEntry } from "../core/routerLog.ts";
import { ticksInDuration, tickTimeMs } from "../core/schedule.ts";
import type { EventLine, ReceivedMessageSummary } from "../core/types.ts";
import { MemoryOutput } from "./output.ts";
import { Simulation } from "./simulation.ts";

function simulate(input: ConfigInput, seed = 5) {
  const config = configSchema.parse(input);
  const output = new MemoryOutput();
  const simulation = new Simulation({ config, seed, runId: "test", output });
  const result = simulation.runToEnd();
  const events = new Map(
    [...output.machines].map(([id, lines]) => [id, lines.map((line) => JSON.parse(line) as EventLine)]),
  );
  const router = output.routerLines.map((line) => JSON.parse(line) as RouterLogEntry);
  return { simulation, result, output, events, router };
}

const all = (events: Map<string, EventLine[]>) => [...events.values()].flat();

describe("Simulation", () => {
  it("is byte-identical for the same seed and config, and differs for another seed", () => {
    const input: ConfigInput = {
      run: { machines: 5, durationS: 30 },
      sim: { latency: { distribution: "exponential", meanMs: 3 } },
    };
    const a = simulate(input, 42).output;
    const b = simulate(input, 42).output;
    const c = simulate(input, 43).output;
    expect(b.machines).toEqual(a.machines);
    expect(b.routerLines).toEqual(a.routerLines);
    expect(c.machines).not.toEqual(a.machines);
  });

  it("ticks each machine on its absolute schedule from t0 = sim.startTimeMs to the end", () => {
    const { simulation, result, events } = simulate({
      run: { machines: 4, durationS: 10 },
      machine: { speeds: [1, 3, 6, 7] },
      sim: { startTimeMs: 5000 },
    });
    expect(result.t0Ms).toBe(5000);
    expect(result.endAtMs).toBe(15_000);
    for (const plan of simulation.plan.machines) {
      const lines = events.get(plan.id)!;
      expect(lines).toHaveLength(ticksInDuration(plan.ticksPerSecond, 10_000));
      lines.forEach((line, index) => {
        expect(line.seq).toBe(index + 1);
        expect(line.trueTime).toBeCloseTo(tickTimeMs(5000, plan.ticksPerSecond, index + 1), 6);
      });
      expect(lines.at(-1)!.trueTime).toBe(15_000);
    }
    expect(result.totals.events).toBe(simulation.estimatedEvents);
    expect(result.totals.events).toBe(10 * (1 + 3 + 6 + 7));
  });

  it("accounts for every message: delivered and received, queued, or in flight; no causality violation", () => {
    const { result, events, router } = simulate({
      run: { machines: 6, durationS: 60 },
      sim: { latency: { distribution: "uniform", minMs: 0, maxMs: 400 } },
    });
    const lines = all(events);
    const receives = lines.filter((line) => line.type === "RECEIVE");
    const { totals } = result;
    expect(totals.sends).toBe(lines.filter((line) => line.type === "SEND").length);
    expect(totals.receives).toBe(receives.length);
    expect(totals.messagesSent).toBe(totals.sends);
    expect(totals.routed).toBe(router.filter((entry) => entry.type === "routed").length);
    // The end of the run lets every message already sent reach a queue: nothing is left on a link.
    expect(result.inFlight).toEqual([]);
    expect(totals.routed).toBe(totals.delivered);
    expect(totals.delivered).toBe(totals.receives + totals.queued);
    expect(totals.dropped).toBe(0);
    expect(totals.queued).toBeGreaterThan(0);
    for (const line of receives) {
      expect(line.lamport).toBeGreaterThan((line.message as ReceivedMessageSummary).lamport);
    }
  });

  it("keeps each sender's messages in order at each receiver, even with random latency", () => {
    const { events } = simulate({
      run: { machines: 4, durationS: 60 },
      machine: { speeds: [6, 6, 6, 1] },
      sim: { latency: { distribution: "exponential", meanMs: 500 } },
    });
    for (const lines of events.values()) {
      const last = new Map<string, number>();
      for (const line of lines) {
        if (line.type !== "RECEIVE") continue;
        const { from, id } = line.message as ReceivedMessageSummary;
        const n = Number(id.split(":")[1]);
        expect(n).toBeGreaterThan(last.get(from) ?? 0);
        last.set(from, n);
      }
    }
  });

  it("takes one latency per hop: routed one hop after the send", () => {
    const { events, router } = simulate({
      run: { machines: 3, durationS: 20 },
      sim: { latency: { distribution: "constant", meanMs: 7 } },
    });
    const sentAt = new Map<string, number>();
    for (const line of all(events)) if (line.type === "SEND") sentAt.set(line.message!.id, line.trueTime);
    const routed = router.filter((entry) => entry.type === "routed");
    expect(routed.length).toBeGreaterThan(10);
    for (const entry of routed) expect(entry.at).toBeCloseTo(sentAt.get(entry.id)! + 7, 9);
  });

  it("logs the handshake and the departures, and records the machines' end states", () => {
    const { result, events, router } = simulate({
      run: { machines: 3, durationS: 5 },
      machine: { speeds: [1, 1, 10], actions: { sendFirst: 0, sendSecond: 0, broadcast: 1, internal: 0 } },
    });
    expect(router.slice(0, 4).map((entry) => entry.type)).toEqual(["joined", "joined", "joined", "started"]);
    // Each machine says done after its last tick; the router ends the run once all have, and the
    // machines leave after their end frame.
    const tail = router.filter((e) => e.type !== "routed").slice(-7);
    expect(tail.slice(0, 3).map((e) => e.type === "done" && e.id)).toEqual(["m1", "m2", "m3"]);
    expect(tail[3]).toMatchObject({ type: "ended", status: "completed", reason: "duration reached" });
    expect(
      tail
        .slice(4)
        .map((e) => e.type === "left" && `${e.id}:${e.reason}`)
        .sort(),
    ).toEqual(["m1:run ended", "m2:run ended", "m3:run ended"]);
    expect(result.endedAtMs).toBeGreaterThanOrEqual(5000);
    for (const final of result.machines) {
      const lines = events.get(final.id)!;
      expect(final).toMatchObject({ runId: "test", reason: "duration reached" });
      expect(final.endedAt).toBeGreaterThanOrEqual(5000);
      expect(final.endedAt).toBeLessThanOrEqual(result.endedAtMs);
      expect(final.ticks).toBe(lines.length);
      expect(final.lamport).toBe(lines.at(-1)!.lamport);
      // Deliveries that came after the last tick are queued too.
      expect(final.queued.length).toBeGreaterThanOrEqual(lines.at(-1)!.queueLength);
    }
    // m3 broadcasts 10 times a second; the slow machines cannot keep up.
    const m1 = result.machines.find((final) => final.id === "m1")!;
    expect(m1.queued.length).toBeGreaterThan(20);
    expect(m1.queued[0]).toEqual({ id: expect.stringMatching(/^m[23]:\d+$/), from: expect.any(String) });
  });

  it("handles 10,000 machines without logs", () => {
    const config = configSchema.parse({
      run: { machines: 10_000, durationS: 1 },
      machine: { actions: { sendFirst: 0, sendSecond: 0, broadcast: 0, direct: 3, internal: 7 } },
    });
    const simulation = new Simulation({ config, seed: 1, runId: "big" });
    const result = simulation.runToEnd();
    expect(result.machines).toHaveLength(10_000);
    expect(result.totals.events).toBe(simulation.estimatedEvents);
    expect(result.totals.sends).toBeGreaterThan(0);
  });

  it("can be run in slices and reports progress", () => {
    const config = configSchema.parse({ run: { machines: 3, durationS: 100 } });
    const simulation = new Simulation({ config, seed: 1, runId: "slices" });
    let slices = 0;
    while (!simulation.step(50)) {
      slices++;
      const progress = simulation.progress();
      expect(progress.events).toBeLessThanOrEqual(progress.estimatedEvents);
    }
    expect(slices).toBeGreaterThan(3);
    expect(simulation.finish().totals.events).toBe(simulation.estimatedEvents);
    expect(simulation.progress().virtualNowMs).toBeGreaterThanOrEqual(100_000);
    expect(simulation.progress().virtualNowMs).toBeLessThan(100_010);
  });
});
