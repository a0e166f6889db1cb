// Adding a field is one edit to a table: here the event line's table gets two more optional fields
// (one at the top level, between existing keys, one inside the message), and every codec compiled
// from the edited table writes and reads them, with no other change anywhere.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineCodecContract } from "../../../test/helpers/lineCodecContract.ts";
import { lineOf } from "../../../test/helpers/logFormatArbitrary.ts";
import { compileByteEncoder } from "./compileByteEncoder.ts";
import { compileJsonEncoder } from "./compileJsonEncoder.ts";
import { compileLineDecoder } from "./compileLineDecoder.ts";
import { decodeEventLine } from "./eventLine.ts";
import { EVENT_LINE } from "./eventLineFormat.ts";
import { type Field, number, object, optional, type Shape, textList } from "./fieldTypes.ts";
import { rootShape } from "./generatedCode.ts";
import { byteTarget } from "./jsonBytes.ts";

/** `shape` with `added` inserted right after `after`. */
function withField(shape: Shape, after: string, added: Record<string, Field>): Shape {
  const out: Record<string, Field> = {};
  for (const key of Object.keys(shape)) {
    out[key] = shape[key]!;
    if (key === after) Object.assign(out, added);
  }
  return out;
}

const base = rootShape(EVENT_LINE);
const message = rootShape(base.message!);
const EXTENDED = object({
  ...withField(base, "lamport", { driftPpm: optional(number()) }),
  message: optional(object(withField(message, "to", { hops: optional(textList()) }))),
});

/** The added fields, for the type checker (a table built at run time has no key types). */
interface Added {
  driftPpm?: number;
  message?: { hops?: string[] };
}

const json = compileJsonEncoder(EXTENDED, "extendedLineJson");
const bytes = compileByteEncoder(EXTENDED, "encodeExtendedLine");
const decode = compileLineDecoder(EXTENDED, "decodeExtendedLine");

describe("a table with an added field", () => {
  lineCodecContract(EXTENDED, { json, bytes, decode }, 1000);

  it("round-trips the added fields through every encoder and the decoder", () => {
    const target = byteTarget(new Uint8Array(64 * 1024));
    const textDecoder = new TextDecoder();
    const withAdded = lineOf(EXTENDED)
      .map((line) => line as typeof line & Added)
      .filter((line) => line.driftPpm !== undefined && line.message?.hops !== undefined);
    fc.assert(
      fc.property(withAdded, (line) => {
        const text = json(line);
        expect(text).toContain(`,"driftPpm":`);
        expect(text.indexOf('"driftPpm"')).toBeLessThan(text.indexOf('"hlc"'));
        const end = bytes.encode(line, target, 0);
        expect(textDecoder.decode(target.bytes.subarray(0, end))).toBe(`${text}\n`);
        expect(decode(text)).toStrictEqual(JSON.parse(text));
        const decoded = decode(text) as Added;
        expect(decoded.message!.hops).toEqual(line.message!.hops);
        expect(decoded.driftPpm === line.driftPpm).toBe(true);
        // The unedited table's decoder does not misread the new line: it declines it.
        expect(decodeEventLine(text)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});
