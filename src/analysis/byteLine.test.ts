// The byte path (lines read from the file's bytes, decoded by the byte decoder) must give exactly
// what the text path gives: the same events (same keys in the same order, the same doubles, -0
// included), the same verdicts and slow-path counts, the same lines, line numbers and problems,
// for lines as clocklab writes them and for edited, non-ASCII, cut and foreign ones.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { lineOf, reordered } from "../../test/helpers/logFormatArbitrary.ts";
import { eventLineJson } from "../core/logFormat/eventLine.ts";
import { EVENT_LINE } from "../core/logFormat/eventLineFormat.ts";
import type { EventLine } from "../core/types.ts";
import { JsonlCursor, nextEvent } from "./cursor.ts";
import { type AnalysisEvent, type LineReadCounts, readClocklabBytes, readClocklabLine } from "./event.ts";
import { fastClocklabBytes, fastClocklabEvent } from "./fastLine.ts";
import { LineReader } from "./lineReader.ts";

/** Same keys in the same order, numbers the same double (Object.is), at every depth. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function expectSame(a: unknown, b: unknown, context: string): void {
  if (!same(a, b)) expect(a, context).toEqual(b);
  expect(same(a, b), context).toBe(true);
}

const line = lineOf(EVENT_LINE).map((value) => eventLineJson(value as EventLine));

/** Number texts: plain, fractions of every length, big, negative, exponents, leading zeros. */
const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)),
  fc
    .tuple(
      fc.constantFrom("", "-"),
      fc.stringMatching(/^[0-9]{1,20}$/),
      fc.constantFrom("", ".", ".5", ".0", ".25", ".000001", ".123456789012345678"),
      fc.constantFrom("", "", "e3", "E-2", "e+400", "e"),
    )
    .map((parts) => parts.join("")),
  fc
    .tuple(
      fc.constantFrom("", "-"),
      fc.oneof(fc.nat({ max: 2e12 }), fc.nat({ max: 1000 })),
      fc.stringMatching(/^[0-9]{1,8}$/),
    )
    .map(([sign, whole, fraction]) => `${sign}${whole}.${fraction}`),
  fc.constantFrom("-0", "0.0", "-0.0", "00", "1e999", "-", "9007199254740993", "123456789012345.6"),
);

const stray = fc.constantFrom(
  " ",
  ",",
  '"',
  "\\",
  "{",
  "}",
  "[",
  "]",
  ":",
  "0",
  "-",
  ".",
  "x",
  "\r",
  "\u0001",
  "é",
  "\u007f",
);

type Edit = (text: string) => string;
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.nat(), numberText).map(
    ([n, text]): Edit =>
      (s) => {
        const numbers = [...s.matchAll(/-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g)];
        if (numbers.length === 0) return s;
        const at = numbers[n % numbers.length]!;
        return s.slice(0, at.index) + text + s.slice(at.index + at[0].length);
      },
  ),
  fc.tuple(fc.nat(), stray).map(
    ([n, c]): Edit =>
      (s) => {
        const at = n % (s.length + 1);
        return s.slice(0, at) + c + s.slice(at);
      },
  ),
  fc.nat().map(
    (n): Edit =>
      (s) => {
        const at = n % Math.max(1, s.length);
        return s.slice(0, at) + s.slice(at + 1);
      },
  ),
  fc.nat().map(
    (n): Edit =>
      (s) =>
        s.slice(0, n % (s.length + 1)),
  ),
  fc.nat().map(
    (n): Edit =>
      (s) => {
        // A key the table does not have, or one it has written twice.
        const keys = [...s.matchAll(/[{,]"[a-zA-Z]+":/g)];
        if (keys.length === 0) return s;
        const at = keys[n % keys.length]!;
        const extra = n % 2 === 0 ? '"extra":1,' : `${at[0].slice(1)}7,`;
        return s.slice(0, at.index! + 1) + extra + s.slice(at.index! + 1);
      },
  ),
  fc.constant<Edit>((s) => s.replace(/"(m\d+)"/, '"\\u006d$1"')),
  fc.constant<Edit>((s) => {
    try {
      return JSON.stringify(reordered(EVENT_LINE, JSON.parse(s), () => 0.3));
    } catch {
      return s;
    }
  }),
);

/** A line as clocklab writes it, then sometimes edited (most edits make it near-valid, not valid). */
const anyLine = fc.oneof(
  { arbitrary: line, weight: 1 },
  {
    arbitrary: fc
      .tuple(line, fc.array(edit, { minLength: 1, maxLength: 3 }))
      .map(([s, edits]) => edits.reduce((text, change) => change(text), s)),
    weight: 3,
  },
);

function onBytes(text: string, pad = ""): { bytes: Buffer; start: number; end: number } {
  // The line between other bytes, as in a chunk: the decoder must not read past its end.
  const before = Buffer.from(`${pad}\n`, "utf8");
  const body = Buffer.from(text, "utf8");
  const bytes = Buffer.concat([before, body, Buffer.from('\n,"x":1}}]"', "utf8")]);
  return { bytes, start: before.length, end: before.length + body.length };
}

function isAsciiText(text: string): boolean {
  return Buffer.byteLength(text, "utf8") === text.length;
}

describe("the byte decoder", () => {
  it("takes every line the encoders write in plain ASCII, and gives the text decoder's event", () => {
    fc.assert(
      fc.property(line, (text) => {
        const { bytes, start, end } = onBytes(text);
        const fromBytes = fastClocklabBytes(bytes, start, end);
        const fromText = fastClocklabEvent(text);
        if (!text.includes("\\") && isAsciiText(text)) expect(fromBytes, text).not.toBeNull();
        if (fromBytes !== null) expectSame(fromBytes, fromText, text);
      }),
      { numRuns: 10_000 },
    );
  });

  it("takes only lines the text decoder takes, with the same event and verdict (edited lines)", () => {
    const bytesCounts: LineReadCounts = { slowPathLines: 0 };
    const textCounts: LineReadCounts = { slowPathLines: 0 };
    let taken = 0;
    fc.assert(
      fc.property(anyLine, (text) => {
        const { bytes, start, end } = onBytes(text, '{"seq":1');
        const fromBytes = fastClocklabBytes(bytes, start, end);
        if (fromBytes !== null) {
          taken++;
          expectSame(fromBytes, fastClocklabEvent(text), text);
        }
        if (!isAsciiText(text)) return; // readClocklabBytes is only given ASCII lines
        expectSame(
          readClocklabBytes(bytes, start, end, bytesCounts),
          readClocklabLine(text, textCounts),
          text,
        );
        expect(bytesCounts.slowPathLines, text).toBe(textCounts.slowPathLines);
      }),
      { numRuns: 30_000 },
    );
    expect(taken).toBeGreaterThan(1000);
  });

  it("gives JSON.parse's double for every number text it takes", () => {
    let taken = 0;
    const base =
      '{"seq":1,"tick":1,"type":"INTERNAL","trueTime":@N,"systemTime":@N,"lamport":1,"hlc":{"wall":1,"logical":0},"queueLength":0}';
    fc.assert(
      fc.property(numberText, (number) => {
        const text = base.replaceAll("@N", number);
        const { bytes, start, end } = onBytes(text);
        const event = fastClocklabBytes(bytes, start, end);
        if (event === null) return;
        taken++;
        expect(Object.is(event.trueTime, JSON.parse(number)), number).toBe(true);
        expect(Object.is(event.systemTime, event.trueTime)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    expect(taken).toBeGreaterThan(5000);
  });
});

describe("JsonlCursor (byte path) and the text path", () => {
  const dir = mkdtempSync(join(tmpdir(), "clocklab-bytes-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let files = 0;

  /** The events and problems as the cursor read lines before the byte path: LineReader as text. */
  async function byText(path: string, chunkBytes: number) {
    const reader = await LineReader.open(path, chunkBytes);
    const counts: LineReadCounts = { slowPathLines: 0 };
    const events: (AnalysisEvent | number)[] = [];
    let bad = 0;
    for (;;) {
      const text = reader.nextLine();
      if (text === undefined) {
        if (await reader.fill()) continue;
        break;
      }
      if (text.length === 0) continue;
      const event = readClocklabLine(text, counts);
      if (event === null) {
        bad++;
        events.push(reader.lineNumber);
      } else events.push(event);
    }
    const rest = reader.remainder();
    let truncated = false;
    if (rest.trim().length > 0) {
      const event = readClocklabLine(rest, counts);
      if (event === null) truncated = true;
      else events.push(event);
    }
    await reader.close();
    return { events, bad, truncated, overlong: reader.overlongLines, slow: counts.slowPathLines };
  }

  it("reads the same events, lines and problems from files of edited lines (CR, non-ASCII, cut last line)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(anyLine, fc.constantFrom("\n", "\n", "\n", "\r\n", "\n\n")), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.boolean(),
        fc.constantFrom(1024, 1100, 4096),
        async (lines, cut, chunkBytes) => {
          let content = lines.map(([text, end]) => text + end).join("");
          if (cut) content = content.replace(/\r?\n+$/, "");
          const path = join(dir, `m${files++}.jsonl`);
          writeFileSync(path, content);
          const expected = await byText(path, chunkBytes);
          const cursor = await JsonlCursor.open(0, "m.jsonl", path, chunkBytes);
          const events: AnalysisEvent[] = [];
          while (await nextEvent(cursor)) events.push(cursor.current!);
          await cursor.close();
          const good = expected.events.filter((e): e is AnalysisEvent => typeof e !== "number");
          expectSame(events, good, content);
          expect(cursor.problems.badItems).toBe(expected.bad);
          expect(cursor.problems.firstBadItem).toBe(
            expected.events.find((e) => typeof e === "number") ?? null,
          );
          expect(cursor.problems.truncated).toBe(expected.truncated);
          expect(cursor.problems.slowPathLines).toBe(expected.slow);
          expect(cursor.problems.overlongLines).toBe(expected.overlong);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("gives the same lines as bytes and as text, across chunks, after the file turns non-ASCII", async () => {
    const text = Array.from(
      { length: 300 },
      (_, i) => `{"n":${i},"pad":"${"x".repeat(i % 37)}"}${i === 200 ? "é😀" : ""}\r`,
    ).join("\n");
    const path = join(dir, "lines.jsonl");
    writeFileSync(path, text);
    for (const chunkBytes of [1024, 1500]) {
      const asText = await LineReader.open(path, chunkBytes);
      const asBytes = await LineReader.open(path, chunkBytes, true);
      const read = async (reader: LineReader) => {
        const out: string[] = [];
        for (;;) {
          const l = reader.nextLine();
          if (l !== undefined) out.push(`${reader.lineNumber}:${l}`);
          else if (!(await reader.fill())) break;
        }
        out.push(reader.remainder());
        return out;
      };
      expect(await read(asBytes)).toEqual(await read(asText));
    }
  });
});
