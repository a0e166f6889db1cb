import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { D10_WEIGHTS } from "./actions.ts";
import { configSchema } from "./config.ts";
import { machineIds, machineRandom, planRun, VECTOR_CLOCKS_AUTO_LIMIT } from "./plan.ts";

describe("planRun", () => {
  it("plans m1..mN with the config's actions, no payload and vector clocks by default", () => {
    const plan = planRun(configSchema.parse({}), 1);
    expect(plan.ids).toEqual(["m1", "m2", "m3"]);
    expect(plan.machines.map((m) => [m.id, m.index])).toEqual([
      ["m1", 0],
      ["m2", 1],
      ["m3", 2],
    ]);
    expect(plan.actions).toEqual(D10_WEIGHTS);
    expect(plan.vectorClocks).toBe(true);
    expect(plan.payload).toBeUndefined();
    expect(plan.seed).toBe(1);
    expect(machineIds(12).at(-1)).toBe("m12");
  });

  it("draws whole-number speeds within [speedMin, speedMax]", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 0x7fffffff }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 2, max: 20 }),
        (seed, speedMin, span, machines) => {
          const speedMax = speedMin + span;
          const plan = planRun(
            configSchema.parse({ run: { machines }, machine: { speedMin, speedMax } }),
            seed,
          );
          expect(plan.machines).toHaveLength(machines);
          for (const m of plan.machines) {
            expect(Number.isInteger(m.ticksPerSecond)).toBe(true);
            expect(m.ticksPerSecond).toBeGreaterThanOrEqual(speedMin);
            expect(m.ticksPerSecond).toBeLessThanOrEqual(speedMax);
          }
        },
      ),
    );
  });

  it("rounds fractional bounds inwards", () => {
    for (let seed = 0; seed < 30; seed++) {
      const plan = planRun(configSchema.parse({ machine: { speedMin: 1.5, speedMax: 3.5 } }), seed);
      for (const m of plan.machines) expect([2, 3]).toContain(m.ticksPerSecond);
    }
  });

  it("is deterministic by seed, and different seeds give different speeds", () => {
    const config = configSchema.parse({ run: { machines: 10 } });
    expect(planRun(config, 42)).toEqual(planRun(config, 42));
    const speeds = (seed: number) => planRun(config, seed).machines.map((m) => m.ticksPerSecond);
    const distinct = new Set(Array.from({ length: 10 }, (_, seed) => speeds(seed).join(",")));
    expect(distinct.size).toBeGreaterThan(1);
  });

  it("honours explicit speeds, fractional ones included", () => {
    const plan = planRun(configSchema.parse({ machine: { speeds: [0.5, 10, 2.25] } }), 3);
    expect(plan.machines.map((m) => m.ticksPerSecond)).toEqual([0.5, 10, 2.25]);
  });

  it("gives every machine the default clock, replaced by a per-machine clock where one is given", () => {
    const config = configSchema.parse({
      machine: {
        clock: { offsetMs: 5, driftPpm: 100 },
        clocks: { m2: { offsetMs: 50, driftPpm: -20 } },
      },
    });
    const clocks = planRun(config, 1).machines.map((m) => m.clock);
    expect(clocks).toEqual([
      { offsetMs: 5, driftPpm: 100 },
      { offsetMs: 50, driftPpm: -20 },
      { offsetMs: 5, driftPpm: 100 },
    ]);
    // The plan's clocks are copies: changing one does not change the config or another machine.
    clocks[0]!.offsetMs = 999;
    expect(config.machine.clock.offsetMs).toBe(5);
    expect(planRun(config, 1).machines[2]!.clock.offsetMs).toBe(5);
  });

  it("turns vector clocks on automatically up to the limit and honours an explicit choice", () => {
    const at = (machines: number, vectorClocks?: boolean | "auto") =>
      planRun(
        configSchema.parse({
          run: { machines },
          machine: vectorClocks === undefined ? {} : { vectorClocks },
        }),
        1,
      ).vectorClocks;
    expect(at(VECTOR_CLOCKS_AUTO_LIMIT)).toBe(true);
    expect(at(VECTOR_CLOCKS_AUTO_LIMIT + 1)).toBe(false);
    expect(at(3, false)).toBe(false);
    expect(at(100, true)).toBe(true);
  });

  it("makes a payload of payloadBytes characters", () => {
    expect(planRun(configSchema.parse({ machine: { payloadBytes: 5 } }), 1).payload).toBe("xxxxx");
  });
});

describe("machineRandom", () => {
  it("is one deterministic stream per machine", () => {
    const draw = (seed: number, id: string) => {
      const r = machineRandom(seed, id);
      return Array.from({ length: 20 }, () => r.int(1, 10));
    };
    expect(draw(5, "m1")).toEqual(draw(5, "m1"));
    expect(draw(5, "m1")).not.toEqual(draw(5, "m2"));
    expect(draw(5, "m1")).not.toEqual(draw(6, "m1"));
  });
});

describe("per-machine clocks", () => {
  it("inherit the keys they do not set from machine.clock", () => {
    const config = configSchema.parse({
      machine: { clock: { offsetMs: 5, driftPpm: 100 }, clocks: { m2: { offsetMs: 50 } } },
    });
    const plan = planRun(config, 1);
    expect(plan.machines[1]!.clock).toEqual({ offsetMs: 50, driftPpm: 100 });
    expect(plan.machines[0]!.clock).toEqual({ offsetMs: 5, driftPpm: 100 });
  });
});
