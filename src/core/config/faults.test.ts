// The `faults:` config key: its schema holds every key an entry may have, the config keeps entries
// as written, and bad faults are refused by the config's own check, each named by its place and
// where it came from (a file, a --fault, --set).
import { describe, expect, it } from "vitest";
import { FAULT_SPEC_KEYS } from "../faults/faultSpec.ts";
import { UserError } from "../userError.ts";
import { checkConfig } from "./checkConfig.ts";
import { configSchema } from "./schema.ts";
import { keysAt } from "./schemaWalk.ts";
import { validateConfig } from "./validateConfig.ts";
import { valueFromText } from "./valueFromText.ts";

function refusal(raw: unknown, origins: Map<string, string> = new Map()): string {
  try {
    validateConfig(raw, "exp.yaml", origins);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error("expected the config to be refused");
}

describe("the faults key", () => {
  it("defaults to no faults", () => {
    expect(configSchema.parse({}).faults).toEqual([]);
  });

  it("an entry's schema has exactly the keys parseEntry.ts knows, in the same order", () => {
    expect(keysAt(configSchema, ["faults", 0])).toEqual([...FAULT_SPEC_KEYS]);
  });

  it("keeps entries as written: units, percentages and lists stay the user's", () => {
    const faults = [
      { partition: "m1 | m2,m3", at: "10s", for: "15s" },
      { loss: "5%", links: "m1<>m2" },
      { crash: "one", every: { exponential: "20s" }, for: { uniform: ["2s", 5] } },
    ];
    expect(validateConfig({ faults }, "f.yaml").faults).toEqual(faults);
  });

  it("is checked against the run: the machines and the length given anywhere in the config", () => {
    expect(checkConfig({ run: { machines: 4 }, faults: [{ pause: "m4" }] }).ok).toBe(true);
    expect(checkConfig({ faults: [{ pause: "m4" }] }).ok).toBe(false);
    expect(checkConfig({ run: { durationS: 100 }, faults: [{ pause: "m1", at: 90 }] }).ok).toBe(true);
    expect(checkConfig({ faults: [{ pause: "m1", at: 90 }] }).ok).toBe(false);
  });

  it("--set faults=... takes the list as JSON", () => {
    expect(valueFromText(["faults"], '[{"loss":"5%"}]')).toEqual([{ loss: "5%" }]);
  });
});

describe("refused faults name the entry, where it came from, the value and what was expected", () => {
  it("in a file", () => {
    expect(refusal({ faults: [{ loss: 0.1 }, { pause: "m9", at: 5 }] })).toBe(
      'invalid configuration:\n  faults[1].pause (in exp.yaml): got "m9"; expected a machine of this run (m1, m2, m3)',
    );
  });

  it("from a --fault, by its text", () => {
    const origins = new Map([["faults.1", "--fault 'pause m3 at 50s for 20s'"]]);
    expect(refusal({ faults: [{ loss: 0.1 }, { pause: "m3", at: "50s", for: "20s" }] }, origins)).toContain(
      "faults[1].for (from --fault 'pause m3 at 50s for 20s'): got \"20s\"; expected at most 10 s",
    );
  });

  it("from --set", () => {
    expect(refusal({ faults: [{ lose: 0.1 }] }, new Map([["faults", "--set"]]))).toContain(
      "faults[0].lose (from --set): unknown key; expected one of partition, latency, loss,",
    );
  });

  it("a problem in the schema and a problem against the run are both told", () => {
    const message = refusal({ faults: [{ loss: 2 }] });
    expect(message).toContain("faults[0].loss (in exp.yaml): got 2; expected a probability from 0 to 1");
    expect(refusal({ faults: [{ loss: "5%", mode: "hold" }] })).toContain("faults[0].mode (in exp.yaml)");
    expect(refusal({ faults: { loss: 0.1 } })).toContain(
      'faults (in exp.yaml): got {"loss":0.1}; expected a list',
    );
  });
});
