// The byte writers and text helpers under the encoders, against String(), JSON.stringify and
// TextEncoder.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyText } from "../../../test/helpers/logFormatArbitrary.ts";
import { byteTarget, putNumber, putQuoted, putSmallInt, quotedBound } from "./jsonBytes.ts";
import { numberText } from "./numberText.ts";
import { quotedText } from "./stringText.ts";

const out = new Uint8Array(1024);
const target = byteTarget(out);
const decoder = new TextDecoder();

describe("putSmallInt", () => {
  it("writes any whole number in [0, 2^31) as String() does", () => {
    const text = (value: number) => decoder.decode(out.subarray(0, putSmallInt(target, 0, value)));
    for (const value of [0, 9, 10, 99, 100, 9999, 10_000, 10_001, 99_999_999, 100_000_000, 2 ** 31 - 1]) {
      expect(text(value)).toBe(String(value));
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (value) => text(value) === String(value)),
    );
  });
});

describe("putNumber and numberText", () => {
  it("agree with JSON.stringify on any number, cached or not", () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 50 }), (values) => {
        for (const value of [...values, ...values]) {
          expect(numberText(value)).toBe(JSON.stringify(value));
          expect(decoder.decode(out.subarray(0, putNumber(target, 0, value)))).toBe(JSON.stringify(value));
        }
      }),
    );
  });
});

describe("putQuoted and quotedText", () => {
  it("write any string as JSON.stringify does (as UTF-8), within quotedBound", () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ unit: "binary", maxLength: 40 })), (text) => {
        const end = putQuoted(target, 3, text);
        expect(out.subarray(3, end)).toEqual(encoder.encode(JSON.stringify(text)));
        expect(end - 3).toBeLessThanOrEqual(quotedBound(text.length));
        expect(quotedText(text)).toBe(JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("reach the bound with control characters and lone surrogates", () => {
    const worst = "\u0000\ud800\u001f";
    expect(putQuoted(target, 0, worst)).toBe(quotedBound(worst.length));
  });
});
