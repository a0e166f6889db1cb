// The contract every codec compiled from a field table keeps, as property tests over any line the
// table describes: the JSON encoder writes exactly JSON.stringify's text, the byte encoder the same
// bytes plus a newline (within its bound), neither depends on the object's key order, and the fast
// decoder reads back exactly what JSON.parse reads, for every line the encoders write.
import fc from "fast-check";
import { expect, it } from "vitest";
import { NO_ROOM } from "../../src/core/logFormat/compileByteEncoder.ts";
import type { Field, LineOf } from "../../src/core/logFormat/fieldTypes.ts";
import { byteTarget, LINE_SLACK_BYTES } from "../../src/core/logFormat/jsonBytes.ts";
import { lineOf, reordered } from "./logFormatArbitrary.ts";

export interface LineCodecs<Line> {
  json: (line: Line) => string;
  bytes?: {
    encode: (line: Line, target: ReturnType<typeof byteTarget>, start: number) => number;
    bound: (line: Line) => number;
  };
  decode?: (line: string) => unknown;
}

const decoder = new TextDecoder();

export function lineCodecContract<Root extends Field>(
  root: Root,
  codecs: LineCodecs<LineOf<Root>>,
  numRuns = 2000,
): void {
  const { json, bytes, decode } = codecs;

  it("writes exactly what JSON.stringify writes, escapes and odd numbers included", () => {
    fc.assert(
      fc.property(lineOf(root, { nonFinite: true }), (line) => {
        expect(json(line)).toBe(JSON.stringify(line));
      }),
      { numRuns },
    );
  });

  it("writes the same whatever order the object has its keys in", () => {
    fc.assert(
      fc.property(lineOf(root, { nonFinite: true }), fc.integer(), (line, seed) => {
        let state = seed;
        const random = () => {
          state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5;
          return (state >>> 0) / 2 ** 32;
        };
        const shuffled = reordered(root, line, random);
        expect(json(shuffled)).toBe(JSON.stringify(line));
        if (bytes !== undefined) {
          const target = byteTarget(new Uint8Array(bytes.bound(line)));
          const end = bytes.encode(shuffled, target, 0);
          expect(decoder.decode(target.bytes.subarray(0, end))).toBe(`${JSON.stringify(line)}\n`);
        }
      }),
      { numRuns: Math.ceil(numRuns / 4) },
    );
  });

  if (bytes !== undefined) {
    it("encodes into bytes the same text and a newline, within its bound, from any start", () => {
      const target = byteTarget(new Uint8Array(64 * 1024));
      fc.assert(
        fc.property(lineOf(root, { nonFinite: true }), fc.nat({ max: 100 }), (line, start) => {
          const end = bytes.encode(line, target, start);
          const text = `${JSON.stringify(line)}\n`;
          expect(decoder.decode(target.bytes.subarray(start, end))).toBe(text);
          expect(bytes.bound(line)).toBeGreaterThanOrEqual(end - start + LINE_SLACK_BYTES);
        }),
        { numRuns },
      );
    });

    it("writes nothing and says NO_ROOM when the line might not fit", () => {
      fc.assert(
        fc.property(lineOf(root), fc.nat({ max: 50 }), (line, short) => {
          const bound = bytes.bound(line);
          const target = byteTarget(new Uint8Array(bound + 10).fill(7));
          expect(bytes.encode(line, target, 11 + short)).toBe(NO_ROOM);
          expect(target.bytes.every((byte) => byte === 7)).toBe(true);
          expect(bytes.encode(line, target, 10)).toBeGreaterThan(10);
        }),
        { numRuns: Math.ceil(numRuns / 4) },
      );
    });
  }

  if (decode !== undefined) {
    it("reads back every line it writes (finite numbers) exactly as JSON.parse does", () => {
      fc.assert(
        fc.property(lineOf(root), (line) => {
          const text = json(line);
          const decoded = decode(text);
          expect(decoded).not.toBeNull();
          expect(decoded).toStrictEqual(JSON.parse(text));
          expect(JSON.stringify(decoded)).toBe(text);
        }),
        { numRuns },
      );
    });

    it("declines lines not exactly as it writes them: spaces, another key order, a cut line", () => {
      fc.assert(
        fc.property(lineOf(root), (line) => {
          const text = json(line);
          expect(decode(JSON.stringify(line, null, 1))).toBeNull();
          expect(decode(text.slice(0, -1))).toBeNull();
          expect(decode(`${text} `)).toBeNull();
          const fields = line as Record<string, unknown>;
          const keys = Object.keys(fields);
          if (keys.length > 1) {
            const swapped = { [keys[1]!]: fields[keys[1]!], ...fields };
            expect(decode(JSON.stringify(swapped))).toBeNull();
          }
        }),
        { numRuns: Math.ceil(numRuns / 4) },
      );
    });
  }
}
