import { describe, expect, it } from "vitest";
import { type ClocklabConfig, CONFIG_DEFAULTS, configSchema, crossKeyProblems } from "./config.ts";

const DEFAULTS: ClocklabConfig = CONFIG_DEFAULTS;

function issuePaths(input: unknown): string[] {
  const result = configSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => [...i.path, ...("keys" in i ? (i.keys as string[]) : [])].join("."));
}

describe("configSchema", () => {
  it("parse({}) gives the defaults, as fresh objects the caller may change", () => {
    const config = configSchema.parse({});
    expect(config).toEqual(DEFAULTS);
    expect(config.router.port).toBe(7400);
    config.machine.clocks.m2 = { offsetMs: 1 };
    config.router.host = "0.0.0.0";
    expect(configSchema.parse({}).machine.clocks).toEqual({});
    expect(Object.isFrozen(CONFIG_DEFAULTS.machine.actions)).toBe(true);
  });

  it("fills defaults around the keys that are given", () => {
    const config = configSchema.parse({ run: { machines: 5 }, machine: { actions: { direct: 2 } } });
    expect(config.run).toEqual({ ...DEFAULTS.run, machines: 5 });
    expect(config.machine.actions).toEqual({ ...DEFAULTS.machine.actions, direct: 2 });
    expect(config.router).toEqual(DEFAULTS.router);
  });

  it.each([
    [{ extra: 1 }, "extra"],
    [{ router: { hots: "0.0.0.0" } }, "router.hots"],
    [{ run: { machine: 3 } }, "run.machine"],
    [{ machine: { actions: { sendThird: 1 } } }, "machine.actions.sendThird"],
    [{ machine: { clock: { skew: 1 } } }, "machine.clock.skew"],
    [{ machine: { clocks: { m1: { drift: 1 } } } }, "machine.clocks.m1.drift"],
    [{ sim: { latency: { median: 1 } } }, "sim.latency.median"],
  ])("rejects an unknown key: %j", (input, path) => {
    expect(configSchema.safeParse(input).success).toBe(false);
    expect(issuePaths(input)).toContain(path);
  });

  it.each([
    [{ router: { port: 70000 } }, "router.port"],
    [{ router: { token: "short" } }, "router.token"],
    [{ router: { maxFrameBytes: 10 } }, "router.maxFrameBytes"],
    [{ router: { slowConsumer: "block" } }, "router.slowConsumer"],
    [{ run: { machines: 1 } }, "run.machines"],
    [{ run: { machines: 2.5 } }, "run.machines"],
    [{ run: { durationS: 0 } }, "run.durationS"],
    [{ run: { seed: -1 } }, "run.seed"],
    [{ run: { name: "bad name" } }, "run.name"],
    [{ machine: { speedMin: 0 } }, "machine.speedMin"],
    [{ machine: { speeds: [1, -2] } }, "machine.speeds.1"],
    [{ machine: { vectorClocks: "yes" } }, "machine.vectorClocks"],
    [{ machine: { actions: { internal: -1 } } }, "machine.actions.internal"],
    [{ machine: { clock: { driftPpm: 2_000_000 } } }, "machine.clock.driftPpm"],
    [{ sim: { latency: { distribution: "normal" } } }, "sim.latency.distribution"],
  ])("rejects a bad value: %j", (input, path) => {
    expect(issuePaths(input)).toContain(path);
  });

  it("accepts a full, valid configuration", () => {
    const input = {
      router: { host: "0.0.0.0", token: "a-long-token", port: 0 },
      run: { machines: 4, seed: 99, name: "exp-1.a" },
      machine: { speeds: [1, 2, 3, 4], vectorClocks: false, clocks: { m2: { offsetMs: 5, driftPpm: 10 } } },
    };
    const config = configSchema.parse(input);
    expect(config.router.token).toBe("a-long-token");
    expect(config.machine.clocks).toEqual({ m2: { offsetMs: 5, driftPpm: 10 } });
    expect(crossKeyProblems(config)).toEqual([]);
  });
});

describe("crossKeyProblems", () => {
  const parse = (input: unknown) => crossKeyProblems(configSchema.parse(input));

  it("finds nothing in the defaults", () => {
    expect(parse({})).toEqual([]);
  });

  it.each([
    [{ machine: { speedMin: 7, speedMax: 3 } }, "machine.speedMin"],
    [{ machine: { speeds: [1, 2] } }, "machine.speeds"],
    [{ run: { machines: 2 }, machine: { speeds: [1, 2, 3] } }, "machine.speeds"],
    [
      { machine: { actions: { sendFirst: 0, sendSecond: 0, broadcast: 0, direct: 0, internal: 0 } } },
      "machine.actions",
    ],
    [{ sim: { latency: { minMs: 5, maxMs: 1 } } }, "sim.latency.minMs"],
  ])("%j -> %s", (input, path) => {
    const problems = parse(input);
    expect(problems.map(([p]) => p)).toEqual([path]);
    expect(problems[0]![1].length).toBeGreaterThan(0);
  });

  it("accepts equal speed bounds, matching speeds and equal latency bounds", () => {
    expect(
      parse({
        machine: { speedMin: 3, speedMax: 3, speeds: [1, 2, 3] },
        sim: { latency: { minMs: 2, maxMs: 2 } },
      }),
    ).toEqual([]);
  });

  it("reports several problems at once", () => {
    const problems = parse({ machine: { speedMin: 9, speeds: [1] }, sim: { latency: { minMs: 3 } } });
    expect(problems.map(([p]) => p)).toEqual(["machine.speedMin", "machine.speeds", "sim.latency.minMs"]);
  });
});

describe("per-machine clock keys", () => {
  it("refuses keys that are not machine ids", () => {
    expect(configSchema.safeParse({ machine: { clocks: { "bad id": { offsetMs: 1 } } } }).success).toBe(
      false,
    );
    expect(configSchema.safeParse({ machine: { clocks: { m2: { offsetMs: 1 } } } }).success).toBe(true);
  });
});
