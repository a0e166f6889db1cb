// Flags and --set into a raw config: each value read by its key's type, each key's origin recorded.
import { describe, expect, it } from "vitest";
import { UserError } from "../../core/userError.ts";
import { applyConfigFlags } from "./applyFlags.ts";

describe("applyConfigFlags", () => {
  it("reads each flag by its key's type and records which flag set each key", () => {
    const raw: Record<string, unknown> = { run: { machines: 3 } };
    const origins = applyConfigFlags(raw, {
      name: "2024",
      token: "12345678",
      host: "::",
      speeds: "1,3",
      actions: "sendFirst=2,foo=1",
      offsets: "m2=50",
      set: ["run.seed=7", "machine.vectorClocks=false", "run.machines=2"],
    });
    expect(raw).toEqual({
      run: { machines: 2, name: "2024", seed: 7 },
      router: { token: "12345678", host: "::" },
      machine: {
        speeds: [1, 3],
        actions: { sendFirst: 2, foo: "1" },
        clocks: { m2: { offsetMs: 50 } },
        vectorClocks: false,
      },
    });
    expect(Object.fromEntries(origins)).toEqual({
      "run.name": "--name",
      "router.token": "--token",
      "router.host": "--host",
      "machine.speeds": "--speeds",
      "machine.actions.sendFirst": "--actions",
      "machine.actions.foo": "--actions",
      "machine.clocks.m2.offsetMs": "--offsets",
      "run.seed": "--set",
      "machine.vectorClocks": "--set",
      "run.machines": "--set",
    });
  });

  it("refuses keys that could reach a prototype, from a flag or --set", () => {
    expect(() => applyConfigFlags({}, { offsets: "__proto__=5" })).toThrow(UserError);
    expect(() => applyConfigFlags({}, { offsets: "=5" })).toThrow("is not a config key path");
    expect(() => applyConfigFlags({}, { set: ["run..x=1"] })).toThrow('"run..x" is not a config key path');
    expect(() => applyConfigFlags({}, { set: ["novalue"] })).toThrow("expected key=value");
    expect(({} as Record<string, unknown>).offsetMs).toBeUndefined();
  });

  it("appends each --fault to the file's faults, after --set, each entry named by its own text", () => {
    const raw: Record<string, unknown> = { faults: [{ loss: "1%" }] };
    const origins = applyConfigFlags(raw, {
      fault: ["pause m3 at 30s for 5s", "partition m1 | m2,m3 at 10s"],
      set: ["run.machines=4"],
    });
    expect(raw.faults).toEqual([
      { loss: "1%" },
      { pause: "m3", at: "30s", for: "5s" },
      { partition: [["m1"], ["m2", "m3"]], at: "10s" },
    ]);
    expect(origins.get("faults.1")).toBe("--fault 'pause m3 at 30s for 5s'");
    expect(origins.get("faults.2")).toBe("--fault 'partition m1 | m2,m3 at 10s'");
    expect(origins.has("faults.0")).toBe(false);
    const fresh: Record<string, unknown> = {};
    applyConfigFlags(fresh, { fault: ["loss 5%"] });
    expect(fresh.faults).toEqual([{ loss: "5%" }]);
  });

  it("refuses a --fault that does not read, naming its text and the word", () => {
    expect(() => applyConfigFlags({}, { fault: ["loss 5%", "pause m3 at soon"] })).toThrow(
      "--fault 'pause m3 at soon': \"soon\" after at: expected a duration",
    );
  });
});
