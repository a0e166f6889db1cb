// The send frame's byte scanner against the validator. The router takes a frame the scanner
// accepts without JSON.parse and parseClientFrame, and any other frame through them; so on any
// input the two together must answer exactly what JSON.parse and parseClientFrame answer alone:
// the same frame (the same values, numbers compared with Object.is), or the same error code and
// message. Checked on random bytes, random JSON, valid frames in many spellings, near-valid frames
// (one field wrong, one missing, one byte changed) and malformed text. The deliver frame spliced
// from an accepted frame is what the router would have encoded from the validated frame.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WRONG_VALUES } from "../../../test/fuzz/jsonFields.ts";
import { ProtocolError } from "../errors.ts";
import { deliverFrameJson } from "../logFormat/deliverFrame.ts";
import { byteTarget } from "../logFormat/jsonBytes.ts";
import { deliverFrame, parseClientFrame, type SendFrame } from "../protocol.ts";
import { FrameScanner } from "./frameScanner.ts";
import { CLIENT_FRAMES, SERVER_FRAMES } from "./frames.ts";
import { NOT_HERE, scanNumber } from "./jsonTokens.ts";
import { SendScanner } from "./sendScanner.ts";

type Answer = { ok: true; frame: unknown } | { ok: false; code: string; message: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });
const scanner = new SendScanner();

/** What the router's general path answers: UTF-8, JSON.parse, then the validator. */
function generalPath(bytes: Uint8Array): Answer {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return { ok: false, code: "BAD_JSON_OR_UTF8", message: "" };
  }
  try {
    return { ok: true, frame: parseClientFrame(value) };
  } catch (error) {
    if (error instanceof ProtocolError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

/** What the router answers: the scanner's frame if it takes it, else the general path's answer. */
function routerPath(bytes: Uint8Array): Answer {
  return scanner.scan(bytes) ? { ok: true, frame: scanner.frame.value() } : generalPath(bytes);
}

const encoder = new TextEncoder();
const target = byteTarget(new Uint8Array(256 * 1024));

function checkText(text: string): void {
  checkBytes(encoder.encode(text));
}

function checkBytes(bytes: Uint8Array): void {
  const general = generalPath(bytes);
  expect(routerPath(bytes)).toStrictEqual(general);
  if (!scanner.scan(bytes)) return;
  // The spliced deliver frame carries the same values as the encoded one, and the same bytes when
  // the sender wrote its frame as JSON.stringify does.
  const frame = (general as { frame: SendFrame }).frame;
  const end = scanner.deliverFrame({ from: "m9", routedAt: 1764180612345.125 }, target, 0);
  const spliced = new TextDecoder().decode(target.bytes.subarray(0, end));
  const encoded = deliverFrameJson(deliverFrame("m9", frame, 1764180612345.125));
  expect(JSON.parse(spliced)).toStrictEqual(JSON.parse(encoded));
  const text = new TextDecoder().decode(bytes);
  if (text === JSON.stringify(JSON.parse(text))) expect(spliced).toBe(encoded);
}

const KINDS = ["SEND_FIRST", "SEND_SECOND", "BROADCAST", "DIRECT"];
const machineId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,66}$/);
/** Ids the scanner takes: valid, and not all digits (JavaScript puts such keys first). */
const goodId = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/);
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 10 }),
  fc.string({ unit: "binary", maxLength: 10 }),
  fc.stringMatching(/^[ -~]{0,250}$/),
);
const whole = fc.oneof(
  fc.nat(1000),
  fc.maxSafeNat(),
  fc.constantFrom(0, 999_999_999_999_999, 1e15, 2 ** 53 - 1, 2 ** 53, -1, 1.5),
);
const anyNumber = fc.oneof(
  whole,
  fc.double(),
  fc.double({ min: 1e12, max: 2e12 }),
  fc.constantFrom(-0, 1e-6, 1e-7, 9.99e-7, 1e21, 1e20, 0.1 + 0.2, 1764180612345.2517, -1764180612345.25),
);
const rawNumberText = fc.oneof(
  anyNumber.map((n) => JSON.stringify(n)),
  fc.constantFrom("1.50", "1E3", "1e-7", "-0", "-0.0", "0.0000001", "00", "01", "1.", ".5", "+1", "1e400"),
  fc.constantFrom("-", "0x10", "1764180612345.2500", "1764180612345.2501", "12345678901234567890123"),
  fc.stringMatching(/^-?(0|[1-9][0-9]{0,20})(\.[0-9]{1,20})?([eE][-+]?[0-9]{1,3})?$/),
);
const vector = fc.dictionary(fc.oneof(machineId, fc.constantFrom("1", "01", "__proto__", "m 1")), whole, {
  maxKeys: 5,
});

/** A send frame as an object, mostly valid, with any key order and sometimes extra or odd fields. */
const sendObject = fc
  .record(
    {
      type: fc.constantFrom("send", "send", "send", "hello", "Send"),
      kind: fc.oneof(fc.constantFrom(...KINDS), text),
      to: fc.oneof(machineId, text),
      id: fc.oneof(fc.constant("m1:1"), text),
      lamport: whole,
      hlc: fc.oneof(
        fc.record({ wall: whole, logical: whole }),
        fc.record({ logical: whole, wall: whole }),
        fc.record({ wall: whole }),
        fc.record({ wall: whole, logical: whole, extra: whole }),
      ),
      sentAt: anyNumber,
      vector,
      payload: text,
      extra: fc.jsonValue(),
    },
    { requiredKeys: [] },
  )
  .chain((frame) =>
    fc.shuffledSubarray(Object.entries(frame), { minLength: Object.keys(frame).length }).map((entries) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of entries) out[key] = value;
      return out;
    }),
  );

/** A valid send frame's fields as raw JSON texts, in the order a clocklab machine writes them. */
const validFields = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    id: fc.stringMatching(/^m1:[0-9]{1,9}$/),
    lamport: fc.nat(),
    hlc: fc.record({ wall: fc.nat(), logical: fc.nat(100) }),
    sentAt: fc.oneof(
      fc.double({ min: -2e12, max: 2e12, noNaN: true }).filter((n) => !JSON.stringify(n).includes("e")),
      fc.nat(),
    ),
    to: goodId,
    vector: fc.option(fc.dictionary(goodId, fc.nat(), { maxKeys: 4 }), { nil: undefined }),
    payload: fc.option(fc.stringMatching(/^[ !#-[\]-~]{0,40}$/), { nil: undefined }),
  })
  .map(({ kind, to, vector: v, payload, ...rest }) => {
    const fields: Array<[string, string]> = [["type", '"send"']];
    fields.push(["kind", JSON.stringify(kind)]);
    for (const [key, value] of Object.entries(rest)) fields.push([key, JSON.stringify(value)]);
    if (kind === "DIRECT") fields.push(["to", JSON.stringify(to)]);
    if (v !== undefined) fields.push(["vector", JSON.stringify(v)]);
    if (payload !== undefined) fields.push(["payload", JSON.stringify(payload)]);
    return fields;
  });

function objectText(fields: ReadonlyArray<readonly [string, string]>): string {
  return `{${fields.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(",")}}`;
}

describe("the send frame scanner answers what JSON.parse and parseClientFrame answer", () => {
  it("on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => checkBytes(bytes)),
      { numRuns: 3000 },
    );
  });

  it("on random JSON", () => {
    fc.assert(
      fc.property(fc.json(), (json) => checkText(json)),
      { numRuns: 2000 },
    );
  });

  it("on send frames of every shape, written by JSON.stringify", () => {
    fc.assert(
      fc.property(sendObject, (frame) => checkText(JSON.stringify(frame))),
      { numRuns: 5000 },
    );
  });

  it("on valid send frames, which it takes itself", () => {
    fc.assert(
      fc.property(validFields, (fields) => {
        const bytes = encoder.encode(objectText(fields));
        expect(scanner.scan(bytes)).toBe(true);
        checkBytes(bytes);
      }),
      { numRuns: 3000 },
    );
  });

  it("on frames whose numbers are spelt in every way JSON allows, and some it does not", () => {
    fc.assert(
      fc.property(
        validFields,
        fc.constantFrom("lamport", "sentAt", "hlc"),
        rawNumberText,
        (fields, key, raw) => {
          const value = key === "hlc" ? `{"wall":${raw},"logical":0}` : raw;
          checkText(objectText(fields.map(([k, v]) => [k, k === key ? value : v])));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("on valid frames with one field wrong, missing, doubled or unknown", () => {
    const wrong = Object.entries(WRONG_VALUES.send!).flatMap(([key, values]) =>
      values.map((value) => [key, value] as const),
    );
    fc.assert(
      fc.property(
        validFields,
        fc.constantFrom(...wrong),
        fc.nat(),
        fc.constantFrom("set", "drop", "double", "unknown"),
        (fields, [key, value], at, how) => {
          let out: Array<readonly [string, string]> = fields.slice();
          if (how === "set") out = [...out.filter(([k]) => k !== key), [key, value]];
          if (how === "drop") out = out.filter(([k]) => k !== key);
          if (how === "double") out.splice(at % (out.length + 1), 0, out[at % out.length]!);
          if (how === "unknown") out.splice(at % (out.length + 1), 0, ["from", '"m3"']);
          checkText(objectText(out));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("on valid frames with one byte changed, inserted or removed, or with whitespace", () => {
    fc.assert(
      fc.property(
        validFields,
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(3),
        (fields, at, byte, how) => {
          const bytes = encoder.encode(objectText(fields));
          const i = at % bytes.length;
          let out: Uint8Array;
          if (how === 0) {
            out = bytes.slice();
            out[i] = byte;
          } else if (how === 1) {
            out = new Uint8Array([...bytes.subarray(0, i), byte, ...bytes.subarray(i)]);
          } else if (how === 2) {
            out = new Uint8Array([...bytes.subarray(0, i), ...bytes.subarray(i + 1)]);
          } else {
            out = encoder.encode(JSON.stringify(JSON.parse(new TextDecoder().decode(bytes)), null, at % 3));
          }
          checkBytes(out);
        },
      ),
      { numRuns: 8000 },
    );
  });
});

describe("the straight-line scanner (keys in the description's order) answers what the key-by-key one answers", () => {
  const send = CLIENT_FRAMES.find((spec) => spec.type === "send")!;
  const straight = new FrameScanner(send);
  const keyByKey = new FrameScanner(send, { keyByKey: true });

  /** Both scanners take the frame or neither; if both, with the same field texts, numbers and values. */
  function sameScan(bytes: Uint8Array): boolean {
    const taken = straight.scan(bytes);
    expect(keyByKey.scan(bytes)).toBe(taken);
    expect(keyByKey.inOrder).toBe(false);
    if (!taken) return false;
    expect(straight.starts).toStrictEqual(keyByKey.starts);
    expect(straight.ends).toStrictEqual(keyByKey.ends);
    expect(straight.numbers).toStrictEqual(keyByKey.numbers);
    expect(straight.value()).toStrictEqual(keyByKey.value());
    for (const name of straight.names)
      expect(straight.text(straight.indexOf(name))).toBe(keyByKey.text(keyByKey.indexOf(name)));
    return straight.inOrder;
  }

  it("has one for every frame without id lists", () => {
    for (const spec of [...CLIENT_FRAMES, ...SERVER_FRAMES]) {
      const lists = spec.fields.some(
        (field) => field.spec.kind === "idList" || field.spec.kind === "objectList",
      );
      expect(new FrameScanner(spec).compiled).toBe(!lists);
    }
  });

  it("takes the valid frames a clocklab machine writes itself", () => {
    fc.assert(
      fc.property(validFields, (fields) => {
        expect(sameScan(encoder.encode(objectText(fields)))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("on random bytes, send frames of every shape, and frames with one field or byte wrong", () => {
    const wrong = Object.entries(WRONG_VALUES.send!).flatMap(([key, values]) =>
      values.map((value) => [key, value] as const),
    );
    const nearValid = fc
      .tuple(validFields, fc.constantFrom(...wrong), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat(2))
      .map(([fields, [key, value], at, byte, how]) => {
        if (how === 0) return encoder.encode(objectText(fields.map(([k, v]) => [k, k === key ? value : v])));
        const bytes = encoder.encode(objectText(fields));
        if (how === 1) bytes[at % bytes.length] = byte;
        return how === 2
          ? new Uint8Array([
              ...bytes.subarray(0, at % bytes.length),
              byte,
              ...bytes.subarray(at % bytes.length),
            ])
          : bytes;
      });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          sendObject.map((frame) => encoder.encode(JSON.stringify(frame))),
          nearValid,
        ),
        (bytes) => {
          sameScan(bytes);
        },
      ),
      { numRuns: 8000 },
    );
  });
});

describe("scanNumber", () => {
  it("takes only texts JSON.parse reads as finite numbers other than -0, as their shortest text up to 15 digits", () => {
    fc.assert(
      fc.property(rawNumberText, (raw) => {
        const bytes = encoder.encode(raw);
        if (scanNumber(bytes, 0) !== bytes.length) return;
        const value = JSON.parse(raw) as number;
        expect(Number.isFinite(value) && !Object.is(value, -0)).toBe(true);
        const digits = raw.replace(/^-?0*\.?0*/, "").replace(".", "").length;
        if (digits <= 15) expect(String(value)).toBe(raw);
      }),
      { numRuns: 10_000 },
    );
  });

  it("takes every finite number JSON.stringify writes without an exponent", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const raw = JSON.stringify(value);
        const taken = scanNumber(encoder.encode(raw), 0) === raw.length;
        expect(taken).toBe(!raw.includes("e"));
      }),
      { numRuns: 10_000 },
    );
    expect(scanNumber(encoder.encode("1e21"), 0)).toBe(NOT_HERE);
  });
});
