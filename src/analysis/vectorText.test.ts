// The vector reader without JSON.parse must give JSON.parse's object for every text it takes, and
// step aside for every other text: on vectors as clocklab writes them, on random near-valid texts
// made from their pieces, and on any string.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CheckedVector, dominates, entryOf, NOT_PLAIN, plainVector } from "./vectorText.ts";

function parsed(text: string): unknown {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return "throws";
  }
}

const PROBES = ["m1", "m2", "zz", "toString", "__proto__", "constructor", "1"];

/** Checks one text: taken means it reads as JSON.parse's object does, key by key. */
function agrees(text: string): boolean {
  const plain = plainVector(text);
  if (plain === NOT_PLAIN) return false;
  const reference = parsed(text) as { value: Record<string, unknown> };
  expect(reference).not.toBe("throws");
  const object = reference.value;
  expect([...plain.keys.names].sort()).toEqual(Object.keys(object).sort());
  for (const key of [...plain.keys.names, ...PROBES])
    expect(Object.is(entryOf(plain, key), object[key])).toBe(true);
  return true;
}

const key = fc.oneof(
  fc.integer({ min: 1, max: 50 }).map((n) => `m${n}`),
  fc.constantFrom(
    "m1",
    "m2",
    "m10",
    "1",
    "0",
    "",
    "__proto__",
    "toString",
    "a b",
    'q"',
    "x\\y",
    "é",
    "\u0001",
  ),
  fc.string({ maxLength: 4 }),
);
const count = fc.oneof(
  { arbitrary: fc.integer({ min: -5, max: 1000 }).map(String), weight: 8 },
  {
    arbitrary: fc.constantFrom(
      "-0",
      "00",
      "01",
      "1.5",
      "1e3",
      "",
      "-",
      "999999999999999",
      "9999999999999999",
      "true",
    ),
    weight: 1,
  },
);
/** Mostly nothing; now and then a character that breaks the form. */
const piece = fc.oneof(
  { arbitrary: fc.constant(""), weight: 30 },
  { arbitrary: fc.constantFrom(" ", ",", ":", '"', "{", "}", "\\", "\n"), weight: 1 },
);

describe("plainVector", () => {
  it("reads clocklab's own vectors, as JSON.parse does", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.nat()), { maxLength: 12 }),
        (entries) => {
          const text = JSON.stringify(Object.fromEntries(entries.map(([m, n]) => [`m${m}`, n])));
          expect(agrees(text)).toBe(true);
        },
      ),
    );
  });

  it("takes a near-valid text only when it means what JSON.parse reads", () => {
    const entry = fc.tuple(key, count).map(([k, n]) => `${JSON.stringify(k)}:${n}`);
    const text = fc
      .tuple(fc.array(fc.tuple(entry, piece), { maxLength: 5 }), piece, piece)
      .map(([items, before, after]) => `${before}{${items.map(([e, p]) => e + p).join(",")}}${after}`);
    let taken = 0;
    fc.assert(
      fc.property(text, (t) => {
        if (agrees(t)) taken++;
      }),
      { numRuns: 20_000 },
    );
    // The texts are near enough to valid that many of them are taken.
    expect(taken).toBeGreaterThan(1000);
  });

  it("steps aside for any text it cannot read exactly", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (t) => {
        agrees(t);
        agrees(`{${t}}`);
      }),
      { numRuns: 20_000 },
    );
    for (const text of [
      '{"__proto__":1}',
      '{"a":1 }',
      '{"a":01}',
      '{"a":1.0}',
      '{"a\\u0041":1}',
      "{",
      '{"a":1,}',
    ])
      expect(plainVector(text)).toBe(NOT_PLAIN);
  });

  it("compares two vectors as the objects JSON.parse gives compare, in either form", () => {
    /** The rule on objects: every key of `sent` is at most the same key of `vector`, a missing one 0. */
    const reference = (vector: Record<string, number>, sent: Record<string, number>) => {
      for (const key in sent) if (!((vector[key] ?? 0) >= sent[key]!)) return false;
      return true;
    };
    const vector = fc.dictionary(
      fc.constantFrom("m1", "m2", "m3", "toString", "7"),
      fc.integer({ min: -1, max: 3 }),
    );
    const forms = (text: string): CheckedVector[] => {
      const plain = plainVector(text);
      const object = JSON.parse(text) as Record<string, number>;
      return plain === NOT_PLAIN ? [object] : [plain, object];
    };
    fc.assert(
      fc.property(vector, vector, fc.boolean(), (a, b, sameKeys) => {
        const sent = sameKeys
          ? Object.fromEntries(Object.keys(a).map((k) => [k, Object.hasOwn(b, k) ? b[k] : 1]))
          : b;
        const [own, theirs] = [JSON.stringify(a), JSON.stringify(sent)];
        const expected = reference(JSON.parse(own), JSON.parse(theirs));
        for (const x of forms(own)) for (const y of forms(theirs)) expect(dominates(x, y)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it("shares one key list between vectors with the same keys", () => {
    const a = plainVector('{"m1":1,"m2":0}');
    const b = plainVector('{"m1":4,"m2":2}');
    const c = plainVector('{"m1":4}');
    expect(a).not.toBe(NOT_PLAIN);
    expect(b?.keys).toBe(a?.keys);
    expect(b?.values).toEqual([4, 2]);
    expect(c?.keys.names).toEqual(["m1"]);
    expect(plainVector('{"m1":1,"m1":2}')).toBe(NOT_PLAIN);
  });
});
