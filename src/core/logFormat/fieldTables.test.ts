// What a field table may be: checked when codecs are compiled from it (keys that are not plain
// identifiers, an optional first key, a bad speed hint) and, against its TypeScript type, when the
// project is type-checked (a key missing from either side).
import { describe, expect, it } from "vitest";
import { compileByteEncoder } from "./compileByteEncoder.ts";
import { compileJsonEncoder } from "./compileJsonEncoder.ts";
import { compileLineDecoder } from "./compileLineDecoder.ts";
import { describes } from "./describes.ts";
import { constant, number, object, optional, text, whole } from "./fieldTypes.ts";

const compilers = [
  (table: ReturnType<typeof object>) => compileJsonEncoder(table, "t"),
  (table: ReturnType<typeof object>) => compileByteEncoder(table, "t"),
  (table: ReturnType<typeof object>) => compileLineDecoder(table, "t"),
];

describe("field tables", () => {
  it("refuse keys and constants that could not go into source or JSON as they are", () => {
    const bad = [
      object({ 'a"b': whole() }),
      object({ "a-b": whole() }),
      object({ __proto__: whole() }),
      object({ a: constant('x"y') }),
      object({ a: optional(whole()), b: whole() }),
      object({ a: number({ oftenEquals: "b" }), b: number() }),
      object({ a: number({ oftenEquals: "nothing" }) }),
    ];
    for (const table of bad)
      for (const compile of compilers) expect(() => compile(table)).toThrow(/log format/);
  });

  it("must describe their line's TypeScript type (checked by the type checker)", () => {
    interface Line {
      a: number;
      b?: string;
      nested: { c: number };
    }
    expect(
      describes<Line>()(object({ a: whole(), b: optional(text()), nested: object({ c: whole() }) })),
    ).toBeDefined();
    // @ts-expect-error: the table lacks b
    describes<Line>()(object({ a: whole(), nested: object({ c: whole() }) }));
    // @ts-expect-error: the nested table lacks c
    describes<Line>()(object({ a: whole(), b: optional(text()), nested: object({}) }));
    // @ts-expect-error: a holds a number, not a string
    describes<Line>()(object({ a: text(), b: optional(text()), nested: object({ c: whole() }) }));
  });
});
