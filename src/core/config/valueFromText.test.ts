// Flag and --set text read by the type of the key it sets, never as YAML.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { valueFromText, valueOfType } from "./valueFromText.ts";

const read = (path: string, text: string) => valueFromText(path.split("."), text);

describe("valueFromText: a flag's text read by the type of its key, not as YAML", () => {
  it.each([
    ["router.token", "12345678", "12345678"],
    ["run.name", "2024", "2024"],
    ["router.host", "::", "::"],
    ["router.host", "true", "true"],
    ["run.logDir", "logs: x", "logs: x"],
    ["router.slowConsumer", "disconnect", "disconnect"],
  ])("string key %s takes %j as it is", (path, text, value) => {
    expect(read(path, text)).toBe(value);
  });

  it.each([
    ["run.machines", "4", 4],
    ["run.durationS", "2.5", 2.5],
    ["run.durationS", " 1e3 ", 1000],
    ["machine.clock.offsetMs", "-20", -20],
    ["run.machines", "0x10", "0x10"],
    ["run.machines", "", ""],
    ["run.machines", "four", "four"],
    ["run.machines", "Infinity", "Infinity"],
  ])("number key %s reads %j as %j", (path, text, value) => {
    expect(read(path, text)).toEqual(value);
  });

  it.each([
    ["sim.logging", "true", true],
    ["sim.logging", "false", false],
    ["sim.logging", "1", "1"],
    ["sim.logging", "yes", "yes"],
    ["machine.vectorClocks", "auto", "auto"],
    ["machine.vectorClocks", "false", false],
    ["machine.vectorClocks", "sometimes", "sometimes"],
  ])("boolean and union key %s reads %j as %j", (path, text, value) => {
    expect(read(path, text)).toEqual(value);
  });

  it("splits lists on commas, with or without brackets, each item by the item type", () => {
    expect(read("machine.speeds", "1,3,6")).toEqual([1, 3, 6]);
    expect(read("machine.speeds", "[1, 3, 6]")).toEqual([1, 3, 6]);
    expect(read("machine.speeds", "1,x")).toEqual([1, "x"]);
    expect(read("machine.speeds", "[]")).toEqual([]);
  });

  it("reads null for a nullable key: 'null', or the empty text for a string key", () => {
    expect(read("run.seed", "null")).toBeNull();
    expect(read("machine.speeds", "null")).toBeNull();
    expect(read("run.seed", "7")).toBe(7);
    expect(read("run.name", "")).toBeNull();
    expect(read("run.name", "null")).toBe("null");
  });

  it("reads mappings as JSON, keys inside records by their own type, unknown keys as text", () => {
    expect(read("machine.clocks", '{"m2":{"offsetMs":5}}')).toEqual({ m2: { offsetMs: 5 } });
    expect(read("machine.clocks", "{m2: 5}")).toBe("{m2: 5}");
    expect(read("machine.clocks.m2.offsetMs", "50")).toBe(50);
    expect(read("machine.speedMn", "3")).toBe("3");
    expect(read("runn.machines", "3")).toBe("3");
  });
});

describe("valueOfType: shapes a future key may have", () => {
  it("reads a list of mappings (such as a list of faults) whole, as JSON", () => {
    const faults = z.array(z.strictObject({ kind: z.string(), at: z.number() })).default([]);
    expect(valueOfType(faults, '[{"kind":"pause","at":5},{"kind":"crash","at":9}]')).toEqual([
      { kind: "pause", at: 5 },
      { kind: "crash", at: 9 },
    ]);
    expect(valueOfType(z.array(z.enum(["a", "b"])), "a,b")).toEqual(["a", "b"]);
  });
});
