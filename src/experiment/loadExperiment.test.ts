import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../core/userError.ts";
import { loadExperiment } from "./loadExperiment.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "clocklab-experiment-load-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function file(text: string): string {
  const path = join(dir, `e${++counter}.yaml`);
  writeFileSync(path, text);
  return path;
}

const HEAD = "name: t\ndurationS: 10\nrepeats: 2\n";

function refusal(text: string): string {
  const path = file(text);
  try {
    loadExperiment(path);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const message = (error as UserError).message;
    expect(message).toContain(path);
    return message;
  }
  throw new Error("expected the file to be refused");
}

describe("loadExperiment: valid files", () => {
  it("applies base, then each variation's set (nested or dotted) over the default config", () => {
    const path = file(
      `${HEAD}seed: 9\nbase:\n  run: { machines: 4 }\n  machine.clocks.m2.offsetMs: 5\n` +
        "variations:\n  - name: a\n  - name: b\n    set:\n      machine.speedMin: 5\n" +
        "      machine: { speedMax: 6, clocks: { m2: { driftPpm: 7 } } }\n",
    );
    const e = loadExperiment(path);
    expect(e.definition).toMatchObject({ name: "t", mode: "sim", durationS: 10, repeats: 2, seed: 9 });
    const [a, b] = e.variations;
    expect(a!.config.run).toMatchObject({ machines: 4, durationS: 10 });
    expect(a!.config.machine).toMatchObject({ speedMin: 1, speedMax: 6, clocks: { m2: { offsetMs: 5 } } });
    expect(b!.config.machine).toMatchObject({
      speedMin: 5,
      speedMax: 6,
      clocks: { m2: { offsetMs: 5, driftPpm: 7 } },
    });
    expect(b!.set).toEqual({
      "machine.speedMin": 5,
      machine: { speedMax: 6, clocks: { m2: { driftPpm: 7 } } },
    });
  });

  it("takes command-line overrides of mode, duration and repeats; a variation may set its own duration", () => {
    const path = file(
      `${HEAD}mode: live\nvariations:\n  - name: a\n  - name: b\n    set: { run.durationS: 3 }\n`,
    );
    const e = loadExperiment(path, { mode: "sim", durationS: 4, repeats: 1 });
    expect(e.definition).toMatchObject({ mode: "sim", durationS: 4, repeats: 1 });
    expect(e.variations.map((v) => v.config.run.durationS)).toEqual([4, 3]);
  });

  it("accepts the shipped experiment files", () => {
    for (const name of ["assignment", "scale", "skew"]) {
      const e = loadExperiment(`experiments/${name}.yaml`);
      expect(e.variations.length).toBeGreaterThanOrEqual(3);
    }
    const scale = loadExperiment("experiments/scale.yaml");
    expect(scale.variations.map((v) => v.config.run.machines)).toEqual([3, 5, 10, 50]);
    const assignment = loadExperiment("experiments/assignment.yaml");
    expect(assignment.definition).toMatchObject({ mode: "live", repeats: 5, durationS: 60 });
    expect(assignment.variations[2]!.config.machine.actions.internal).toBe(1);
  });
});

describe("loadExperiment: invalid files are refused with the file, the path inside it and what was expected", () => {
  it("an unknown top-level key", () => {
    const message = refusal(`${HEAD}repeat: 5\nvariations: [{ name: a }]\n`);
    expect(message).toContain(
      "repeat: unknown key; expected one of name, description, mode, durationS, repeats, seed, base, variations; did you mean repeats? (value 5)",
    );
  });

  it("an unknown key in a variation", () => {
    expect(refusal(`${HEAD}variations:\n  - name: a\n    sett: {}\n`)).toContain(
      "variations[0].sett: unknown key; expected one of name, description, set under variations[0]; did you mean set? (value {})",
    );
  });

  it("a wrong type", () => {
    expect(refusal(`name: t\ndurationS: 10\nrepeats: five\nvariations: [{ name: a }]\n`)).toContain(
      'repeats: got "five"; expected a whole number from 1 to 1000',
    );
    expect(refusal(`${HEAD}mode: fast\nvariations: [{ name: a }]\n`)).toContain(
      'mode: got "fast"; expected one of "live", "sim"',
    );
    expect(refusal(`${HEAD}variations: []\n`)).toContain(
      "variations: got []; expected a list of at least 1 entry",
    );
  });

  it("a variation overriding a key that does not exist, dotted or nested", () => {
    const text = `${HEAD}variations:\n  - name: a\n  - name: b\n    set: { machine.speedMn: 5 }\n  - name: c\n    set: { machine: { speedMn: 5 } }\n`;
    const message = refusal(text);
    expect(message).toContain(
      "variations[1].set.machine.speedMn: unknown key; expected one of speedMin, speedMax",
    );
    expect(message).toContain("variations[2].set.machine.speedMn: unknown key");
    expect(refusal(`${HEAD}variations:\n  - name: a\n    set: { runn.machines: 5 }\n`)).toContain(
      'variations[0].set.runn: unknown key; expected one of router, run, machine, sim, faults; did you mean run? (value {"machines":5})',
    );
  });

  it("a bad value, a cross-key conflict, and a bad base reported once", () => {
    expect(refusal(`${HEAD}variations:\n  - name: a\n    set: { machine.speedMin: 0 }\n`)).toContain(
      "variations[0].set.machine.speedMin: got 0; expected a value above 0",
    );
    expect(refusal(`${HEAD}variations:\n  - name: a\n    set: { machine.speedMin: 7 }\n`)).toContain(
      "variations[0].set.machine.speedMin: machine.speedMin 7 is above machine.speedMax 6",
    );
    const base = refusal(`${HEAD}base: { run.machines: 1 }\nvariations: [{ name: a }, { name: b }]\n`);
    expect(base).toContain("base.run.machines: got 1; expected a value at least 2");
    expect(base.match(/base\.run\.machines/g)).toHaveLength(1);
  });

  it("keys the experiment decides, duplicate names, and several problems at once", () => {
    const message = refusal(
      `${HEAD}base: { run.durationS: 5 }\nvariations:\n  - name: a\n    set: { run.seed: 3 }\n  - name: a\n`,
    );
    expect(message).toContain("base.run.durationS: set by the experiment");
    expect(message).toContain("variations[0].set.run.seed: set by the experiment");
    expect(message).toContain('variations[1].name: "a" again; expected unique names');
  });

  it("not YAML, or not a mapping", () => {
    expect(refusal("name: [unclosed\n")).toContain("not valid YAML");
    expect(refusal("- a\n- b\n")).toContain("the top level must be a mapping");
  });
});

describe("loadExperiment: every problem of a file is reported at once", () => {
  it("the file's own keys, config overrides and cross-key conflicts together", () => {
    const message = refusal(
      "name: t\nrepeat: 5\nmode: fast\nbase: { run.machines: 1 }\nvariations:\n" +
        "  - name: a\n    set: { machine.speedMn: 5, run.seed: 3 }\n" +
        "  - name: b\n    sett: {}\n    set: { machine: { speedMin: 7 } }\n  - name: a\n",
    );
    for (const fragment of [
      "repeat: unknown key; expected one of name,",
      "did you mean repeats? (value 5)",
      'mode: got "fast"; expected one of "live", "sim"',
      "durationS: got nothing; expected a number above 0 and at most 2592000",
      "repeats: got nothing; expected a whole number from 1 to 1000",
      "variations[1].sett: unknown key;",
      "did you mean set? (value {})",
      'variations[2].name: "a" again; expected unique names',
      "base.run.machines: got 1; expected a value at least 2",
      "variations[0].set.machine.speedMn: unknown key;",
      "did you mean speedMin? (value 5)",
      "variations[0].set.run.seed: set by the experiment",
    ]) {
      expect(message).toContain(fragment);
    }
    // Every line names the file.
    const lines = message.split("\n").slice(1);
    expect(lines.length).toBeGreaterThanOrEqual(9);
    for (const line of lines) expect(line).toMatch(/^ {2}\/.*\.yaml: /);
  });

  it("a variation with a reserved key still has its other overrides checked", () => {
    const message = refusal(
      `${HEAD}variations:\n  - name: a\n    set: { run.name: x, machine.speedMin: 0 }\n`,
    );
    expect(message).toContain("variations[0].set.run.name: set by the experiment");
    expect(message).toContain("variations[0].set.machine.speedMin: got 0");
  });

  it("a --duration from the command line is named as such", () => {
    const path = file(`${HEAD}variations: [{ name: a }]\n`);
    expect(() => loadExperiment(path, { durationS: 1e9 })).toThrow(
      "--duration: got 1000000000; expected a value at most 2592000",
    );
  });
});

describe("the experiment layer", () => {
  it("imports nothing from the command line (it shares the config module with it instead)", () => {
    const dir = "src/experiment";
    const offenders = readdirSync(dir)
      .filter((name) => name.endsWith(".ts"))
      .filter((name) => /from "\.\.\/cli\//.test(readFileSync(`${dir}/${name}`, "utf8")));
    expect(offenders).toEqual([]);
  });
});
