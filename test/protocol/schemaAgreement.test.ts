// The published JSON Schemas and clocklab's own validator agree on which frames are valid. An
// independent JSON Schema implementation (Ajv, draft 2020-12, test-only) checks thousands of random
// frames, most of them nearly valid (boundary values, a field missing, a wrong type, extra keys),
// against the generated schemas, and its verdict must be the validator's. Ajv is used rather than a
// checker of our own because the point is a second reading of the schemas, not ours again.
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FieldList, FieldSpec, FrameSpec } from "../../src/core/protocol/fieldSpec.ts";
import { MACHINE_ID_PATTERN } from "../../src/core/protocol/fieldSpec.ts";
import {
  CLIENT_FRAMES,
  RESERVED_IDS,
  RUN_ID_PATTERN,
  SERVER_FRAMES,
} from "../../src/core/protocol/frames.ts";
import { frameJsonSchema } from "../../src/core/protocol/jsonSchema.ts";
import { parseClientFrame, parseServerFrame } from "../../src/core/protocol.ts";

// Strict about unknown keywords (a typo in a schema would silently allow everything); not about the
// style of cross-field rules, whose branches name properties defined at the frame's top level.
const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false });

function schemaCheckers(specs: readonly FrameSpec[]) {
  return specs.map((spec) => ajv.compile(frameJsonSchema(spec, "machine to router")));
}

const anything = fc.jsonValue({ maxDepth: 2 });

/** Strings of BMP characters other than surrogates: both sides count their length the same way. */
const bmpString = (minLength: number, maxLength: number) =>
  fc.string({
    unit: fc
      .integer({ min: 0, max: 0xffff - 0x800 })
      .map((n) => String.fromCharCode(n < 0xd800 ? n : n + 0x800)),
    minLength,
    maxLength,
  });

type Spec<K extends FieldSpec["kind"]> = Extract<FieldSpec, { kind: K }>;

const validId = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(MACHINE_ID_PATTERN) },
  { weight: 1, arbitrary: fc.constant(`a${"b".repeat(63)}`) },
  // Valid ids, except where a rule reserves them (hello).
  { weight: 1, arbitrary: fc.constantFrom(...RESERVED_IDS, "Router", "NETWORK", "rUn", "routers") },
);

const validUint = (max = Number.MAX_SAFE_INTEGER) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: Math.min(max, 2 ** 31) }) },
    { weight: 1, arbitrary: fc.constant(max) },
    // Small bounded counts (the die's weights) are often all 0 together: a rule of its own.
    { weight: max <= 1_000_000 ? 4 : 1, arbitrary: fc.constant(0) },
  );

function validNumber(spec: Spec<"number">) {
  const low = spec.above ?? spec.min ?? -1e15;
  const edges = [0, spec.min, spec.max, spec.above === undefined ? undefined : spec.above + 1e-9].filter(
    (n): n is number => n !== undefined && n >= low && n <= (spec.max ?? 1e15) && n !== spec.above,
  );
  const inRange = fc.double({
    min: low,
    max: spec.max ?? 1e15,
    noNaN: true,
    minExcluded: spec.above !== undefined,
  });
  return fc.oneof({ weight: 6, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
}

function validString(spec: Spec<"string">) {
  if (spec.pattern !== undefined)
    return fc.stringMatching(spec.pattern).filter((t) => t.length <= spec.maxChars);
  const min = spec.minChars ?? 0;
  return fc.oneof(
    { weight: 6, arbitrary: bmpString(min, Math.min(spec.maxChars, 12)) },
    { weight: 1, arbitrary: fc.constant("é".repeat(spec.maxChars)) },
  );
}

/** Values the field's own check accepts (a cross-field rule may still refuse them). */
function validValue(spec: FieldSpec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case "uint":
      return validUint(spec.max);
    case "number":
      return validNumber(spec);
    case "boolean":
      return fc.boolean();
    case "string":
      return validString(spec);
    case "machineId":
      return validId;
    case "enum":
      return fc.constantFrom(...spec.values);
    case "idList":
      return fc.array(validId, { maxLength: 4 });
    case "vector":
      return fc.dictionary(validId, validUint(), { maxKeys: 4 });
    case "object":
      return objectOf(spec.fields, false);
    case "objectList":
      return fc.array(objectOf(spec.fields, false), { maxLength: 3 });
  }
}

/** Values just outside what the field accepts, or the wrong shape; nested objects get one defect. */
function nearMiss(spec: FieldSpec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case "uint":
      return fc.constantFrom(-1, 1.5, (spec.max ?? Number.MAX_SAFE_INTEGER) + 1, 2 ** 53, 1e300, "3", null);
    case "number": {
      const misses: unknown[] = ["1", null, true];
      if (spec.above !== undefined) misses.push(spec.above, spec.above - 1);
      else if (spec.min !== undefined) misses.push(spec.min - 1e-9, spec.min - 1);
      if (spec.max !== undefined) misses.push(spec.max + 1e-9, spec.max + 1);
      return fc.constantFrom(...misses);
    }
    case "boolean":
      return fc.constantFrom(0, 1, "true", null);
    case "string": {
      const min = spec.minChars ?? 0;
      const misses: unknown[] = ["x".repeat(spec.maxChars + 1), 7, null];
      if (min > 0) misses.push("x".repeat(min - 1));
      if (spec.pattern !== undefined) misses.push("../x", "-x", "", "a b", "x\n");
      return fc.oneof(fc.constantFrom(...misses), bmpString(0, 6));
    }
    case "machineId":
      return fc.oneof(
        fc.constantFrom("", "-m1", ".m1", "m 1", "m1\n", `a${"b".repeat(64)}`, 5, null),
        bmpString(1, 6),
      );
    case "enum":
      return fc.constantFrom("INTERNAL", "direct", "", 3);
    case "idList":
      return fc.oneof(fc.tuple(validId, nearMiss({ kind: "machineId" })), fc.constantFrom("m1", {}, null));
    case "vector":
      return fc.oneof(
        fc
          .tuple(
            nearMiss({ kind: "machineId" }).filter((k) => typeof k === "string"),
            validUint(),
          )
          .map(([key, n]) => ({ [key as string]: n })),
        fc.tuple(validId, nearMiss({ kind: "uint" })).map(([key, n]) => ({ [key]: n })),
        fc.constantFrom([1], "m1", null),
      );
    case "object":
      return fc.oneof(objectOf(spec.fields, true), fc.constantFrom([], "x", null));
    case "objectList":
      return fc.oneof(
        fc.array(objectOf(spec.fields, true), { minLength: 1, maxLength: 2 }),
        fc.constantFrom({}, "x"),
      );
  }
}

/**
 * An object of these fields, each valid (optional ones present or absent); with `defect`, often
 * one field replaced by a near miss, something arbitrary, or nothing; sometimes with unknown keys.
 */
function objectOf(fields: FieldList, defect: boolean): fc.Arbitrary<Record<string, unknown>> {
  const valid = fields.map((entry) =>
    entry.optional ? fc.option(validValue(entry.spec), { nil: undefined, freq: 3 }) : validValue(entry.spec),
  );
  const broken = fields.map((entry) =>
    fc.oneof(
      { weight: 4, arbitrary: nearMiss(entry.spec) },
      { weight: 1, arbitrary: anything },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
  );
  const extras = fc.oneof(
    { weight: 4, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), anything, { maxKeys: 3 }) },
  );
  const which = defect ? fc.integer({ min: -fields.length, max: fields.length - 1 }) : fc.constant(-1);
  return fc.tuple(which, fc.tuple(...valid), fc.tuple(...broken), extras).map(([index, good, bad, extra]) => {
    const out: Record<string, unknown> = { ...extra };
    fields.forEach((entry, i) => {
      out[entry.name] = i === index ? bad[i] : good[i];
    });
    return out;
  });
}

function frameish(specs: readonly FrameSpec[]): fc.Arbitrary<unknown> {
  const types = [...CLIENT_FRAMES, ...SERVER_FRAMES].map((spec) => spec.type);
  const typeish = (own: string) =>
    fc.oneof(
      { weight: 20, arbitrary: fc.constant(own) },
      { weight: 1, arbitrary: fc.constantFrom(...types, "HELLO", undefined, 1) },
    );
  const frames = specs.map((spec) =>
    fc.tuple(typeish(spec.type), objectOf(spec.fields, true)).map(([type, fields]) => ({ ...fields, type })),
  );
  return fc.oneof({ weight: 30, arbitrary: fc.oneof(...frames) }, { weight: 1, arbitrary: anything });
}

/** What crosses the wire: a value as JSON.parse gives it back (absent keys gone, -0 as 0). */
const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? "null");

function accepts(parse: (value: unknown) => unknown, value: unknown): boolean {
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
}

describe.each([
  ["machine to router", CLIENT_FRAMES, parseClientFrame],
  ["router to machine", SERVER_FRAMES, parseServerFrame],
] as const)("frames %s", (_direction, specs, parse) => {
  const checkers = schemaCheckers(specs);

  it("the validator and the JSON Schemas accept and refuse the same frames", () => {
    const accepted = new Map<string, number>();
    fc.assert(
      fc.property(frameish(specs).map(wire), (frame) => {
        const byValidator = accepts(parse, frame);
        const bySchema = checkers.some((check) => check(frame));
        if (byValidator) {
          const { type, plan } = frame as { type: string; plan?: unknown };
          const kind = plan === undefined ? type : `${type} with a plan`;
          accepted.set(kind, (accepted.get(kind) ?? 0) + 1);
        }
        expect(bySchema, JSON.stringify(frame)).toBe(byValidator);
      }),
      { numRuns: 4000 },
    );
    // Every frame must be reached valid often, or agreement on it would be cheap.
    for (const spec of specs) expect(accepted.get(spec.type) ?? 0, spec.type).toBeGreaterThan(50);
    if (specs === SERVER_FRAMES) expect(accepted.get("start with a plan") ?? 0).toBeGreaterThan(50);
  });
});

describe("known corners", () => {
  const check = (type: string) =>
    ajv.compile(
      frameJsonSchema(
        [...CLIENT_FRAMES, ...SERVER_FRAMES].find((spec) => spec.type === type)!,
        "machine to router",
      ),
    );

  it("a reserved id is refused in any case, by both", () => {
    const hello = { type: "hello", protocol: 1, id: "RoUtEr" };
    expect(accepts(parseClientFrame, hello)).toBe(false);
    expect(check("hello")(hello)).toBe(false);
    expect(check("hello")({ ...hello, id: "routers" })).toBe(true);
  });

  it("a start plan whose known weights are all 0 is refused, whatever else the actions hold", () => {
    const actions = { sendFirst: 0, sendSecond: 0, broadcast: 0, direct: 0, internal: 0, extra: 5 };
    const plan = {
      ticksPerSecond: 1,
      clock: { offsetMs: 0, driftPpm: 0 },
      actions,
      vectorClocks: true,
      payloadBytes: 0,
      runTicksPerSecond: 2,
    };
    const start = { type: "start", t0: 0, peers: ["m1", "m2"], plan };
    expect(accepts(parseServerFrame, start)).toBe(false);
    expect(check("start")(start)).toBe(false);
    const good = { ...start, plan: { ...plan, actions: { ...actions, internal: 1 } } };
    expect(accepts(parseServerFrame, good)).toBe(true);
    expect(check("start")(good)).toBe(true);
  });

  it("counts characters as JSON Schema does: a character beyond U+FFFF counts once", () => {
    // bye.reason holds at most 200: 101 emoji are 202 UTF-16 units but 101 characters.
    const bye = { type: "bye", reason: "\u{1F600}".repeat(101) };
    expect(accepts(parseClientFrame, bye)).toBe(true);
    expect(check("bye")(bye)).toBe(true);
    const tooLong = { type: "bye", reason: "\u{1F600}".repeat(201) };
    expect(accepts(parseClientFrame, tooLong)).toBe(false);
    expect(check("bye")(tooLong)).toBe(false);
  });

  it("run ids follow the run name pattern in both", () => {
    const welcome = { type: "welcome", protocol: 1, runId: "../x", peers: [], seed: 1 };
    expect(accepts(parseServerFrame, welcome)).toBe(false);
    expect(check("welcome")(welcome)).toBe(false);
    expect(RUN_ID_PATTERN.test("run-1")).toBe(true);
  });
});
