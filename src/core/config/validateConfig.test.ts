// Config problems in words: the key, where its value came from, the value, what was expected,
// the nearest key, and secrets never shown.
import { describe, expect, it } from "vitest";
import { UserError } from "../userError.ts";
import { checkConfig } from "./checkConfig.ts";
import { describeProblem } from "./describeProblem.ts";
import { BUILT_IN_DEFAULTS, originOf, validateConfig } from "./validateConfig.ts";

function refusal(raw: unknown, source: string, origins: Map<string, string> = new Map()): string {
  try {
    validateConfig(raw, source, origins);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error("expected the config to be refused");
}

describe("originOf", () => {
  const origins = new Map([
    ["machine.speeds", "--speeds 0,3"],
    ["machine.actions.sendFirst", "--actions sendFirst=0"],
    ["machine.actions.internal", "--set machine.actions.internal=0"],
  ]);

  it("finds the flag that set a key or a list it is in", () => {
    expect(originOf(["machine", "speeds"], origins)).toBe("--speeds 0,3");
    expect(originOf(["machine", "speeds", 0], origins)).toBe("--speeds 0,3");
  });

  it("blames a rule about a whole mapping on what last set a key in it", () => {
    expect(originOf(["machine", "actions"], origins)).toBe("--set machine.actions.internal=0");
  });

  it("finds nothing for a key no flag set", () => {
    expect(originOf(["machine", "speedMin"], origins)).toBeUndefined();
    expect(originOf(["machine"], new Map())).toBeUndefined();
  });
});

describe("validateConfig", () => {
  it("returns the config with defaults filled in", () => {
    expect(validateConfig({ run: { machines: 4 } }, BUILT_IN_DEFAULTS).run.machines).toBe(4);
  });

  it("names for every problem the key, where it came from, the value and what was expected", () => {
    const message = refusal(
      { run: { machines: 2.5, seed: "x" }, machine: { speeds: [0, 3] } },
      "/etc/clocklab.yaml",
      new Map([["machine.speeds", "--speeds 0,3"]]),
    );
    expect(message).toContain(
      "run.machines (in /etc/clocklab.yaml): got 2.5; expected a whole number from 2 to 10000",
    );
    expect(message).toContain(
      'run.seed (in /etc/clocklab.yaml): got "x"; expected a whole number from 0 to 2147483647, or null',
    );
    expect(message).toContain("machine.speeds[0] (from --speeds 0,3): got 0; expected a value above 0");
    expect(message).not.toMatch(/\ba int\b/);
  });

  it("says (default) for a key nobody set, and blames a conflict on the key a flag set", () => {
    const message = refusal(
      { machine: { speedMax: 0.5 } },
      BUILT_IN_DEFAULTS,
      new Map([["machine.speedMax", "--speed-max 0.5"]]),
    );
    expect(message).toContain(
      "machine.speedMax (from --speed-max 0.5): machine.speedMin 1 is above machine.speedMax 0.5",
    );
    const unblamed = refusal({ machine: { speedMax: 0.5 } }, BUILT_IN_DEFAULTS);
    expect(unblamed).toContain("machine.speedMin (default): machine.speedMin 1 is above");
  });

  it("suggests the nearest key at the level of an unknown one", () => {
    const typo = refusal({ machine: { speedMn: 3 } }, "f.yaml");
    expect(typo).toContain("machine.speedMn (in f.yaml): unknown key; expected one of speedMin, speedMax,");
    expect(typo).toContain("under machine; did you mean speedMin? (value 3)");
    expect(refusal({ machine: { clocks: { m2: { ofsetMs: 3 } } } }, "f.yaml")).toContain(
      "expected one of offsetMs, driftPpm under machine.clocks.m2; did you mean offsetMs? (value 3)",
    );
  });

  it("never shows a secret", () => {
    const message = refusal({ router: { token: "sekrit" } }, "f.yaml");
    expect(message).toContain("router.token (in f.yaml): got a 6-character secret (not shown)");
    expect(message).not.toContain("sekrit");
  });

  it("describes record keys, enums, unions, lists and mappings in words", () => {
    const checked = checkConfig({
      router: { slowConsumer: "block" },
      machine: { vectorClocks: "yes", speeds: "1,2", clocks: { "bad id": {} }, actions: 3 },
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const lines = checked.problems.map((p) => describeProblem(p, (paths) => String(paths[0]?.join("."))));
    expect(lines).toEqual(
      expect.arrayContaining([
        'router.slowConsumer: got "block"; expected one of "drop", "disconnect"',
        'machine.vectorClocks: got "yes"; expected "auto", true or false',
        'machine.speeds: got "1,2"; expected a list, or null',
        'machine.clocks.bad id: got "bad id"; expected a machine id (letters, digits, _ . -, up to 64) as the key',
        "machine.actions: got 3; expected a mapping with the keys sendFirst, sendSecond, broadcast, direct, internal",
      ]),
    );
  });
});
