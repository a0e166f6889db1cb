// The scanners' string maker against the plain definition: any bytes [start, end) of plain
// ASCII, of any length (the short ones have paths of their own), as the string of those codes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asciiText } from "./jsonTokens.ts";

describe("asciiText", () => {
  it("makes the string of the bytes' codes, for every length and offset", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ min: 0x20, max: 0x7e, maxLength: 5000 }),
        fc.nat(),
        fc.nat(80),
        (bytes, at, length) => {
          const start = bytes.length === 0 ? 0 : at % bytes.length;
          const end = Math.min(bytes.length, start + length);
          expect(asciiText(bytes, start, end)).toBe(String.fromCharCode(...bytes.subarray(start, end)));
        },
      ),
      { numRuns: 3000 },
    );
    const long = new Uint8Array(9000).fill(0x61);
    expect(asciiText(long, 1, 9000)).toBe("a".repeat(8999));
    // An end before the start (text() of a field that is no string: "0" without its quotes) is empty.
    for (let start = 1; start < 40; start++) expect(asciiText(long, start, start - 1)).toBe("");
  });
});
