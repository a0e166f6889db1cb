// A receiving machine's reader of peer payloads against parsePeerMessage on the decoded text: on
// any bytes the reader must answer exactly what the general path answers, the same message (the
// same values, numbers compared with Object.is, keys in the same order) or the same error code and
// message. Checked on random bytes, random JSON, deliver frames of every shape, valid frames as a
// sender edge writes them (which the byte scanner takes itself), frames claiming another sender or
// another sender's ids, one field wrong, one byte changed, and fins.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WRONG_VALUES } from "../../../test/fuzz/jsonFields.ts";
import { ProtocolError } from "../errors.ts";
import { deliverFrameJson } from "../logFormat/deliverFrame.ts";
import { FrameScanner } from "../protocol/frameScanner.ts";
import { SERVER_FRAMES } from "../protocol/frames.ts";
import type { DeliverFrame } from "../protocol.ts";
import { parsePeerMessage } from "./messages.ts";
import { PeerPayloads } from "./peerPayloads.ts";

type Answer = { ok: true; message: unknown; keys: string[] } | { ok: false; code: string; message: string };

const SENDER = "m1";
const PEERS: ReadonlySet<string> = new Set(["m1", "m2", "m3"]);
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const reader = new PeerPayloads();
const scanner = new FrameScanner(SERVER_FRAMES.find((spec) => spec.type === "deliver")!);

function answer(read: () => ReturnType<typeof parsePeerMessage>): Answer {
  try {
    const message = read();
    const keys = Object.keys(
      message.type === "deliver" ? message.frame : message.type === "fin" ? message.fin : message.mark,
    );
    return { ok: true, message, keys };
  } catch (error) {
    if (error instanceof ProtocolError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

function checkBytes(bytes: Uint8Array, from = SENDER): Answer {
  const general = answer(() => parsePeerMessage(decoder.decode(bytes), from, PEERS));
  expect(answer(() => reader.read(bytes, from, PEERS))).toStrictEqual(general);
  return general;
}

const checkText = (text: string, from = SENDER) => checkBytes(encoder.encode(text), from);

const KINDS = ["SEND_FIRST", "SEND_SECOND", "BROADCAST", "DIRECT"] as const;
const goodId = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,20}$/);
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.stringMatching(/^[ -~]{0,60}$/),
);
const whole = fc.oneof(fc.nat(1000), fc.maxSafeNat(), fc.constantFrom(0, 2 ** 53, -1, 1.5));
const anyNumber = fc.oneof(whole, fc.double(), fc.constantFrom(-0, 1e-7, 1e21, 1764180612345.2517));

/** A valid deliver frame from SENDER, as a sender edge's deliverFrameJson writes it. */
const validFrame = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    n: fc.nat(1_000_000),
    lamport: fc.nat(),
    hlc: fc.record({ wall: fc.nat(), logical: fc.nat(100) }),
    sentAt: fc.oneof(fc.double({ min: -2e12, max: 2e12, noNaN: true }), fc.nat()),
    routedAt: fc.double({ min: 0, max: 2e12, noNaN: true }),
    to: goodId,
    vector: fc.option(fc.dictionary(goodId, fc.nat(), { maxKeys: 4 }), { nil: undefined }),
    payload: fc.option(fc.oneof(fc.stringMatching(/^[ -~]{0,40}$/), text), { nil: undefined }),
    duplicate: fc.constantFrom(undefined, true),
  })
  .map((v): DeliverFrame => {
    const frame: DeliverFrame = {
      type: "deliver",
      from: SENDER,
      kind: v.kind,
      id: `${SENDER}:${v.n}`,
      lamport: v.lamport,
      hlc: v.hlc,
      sentAt: v.sentAt,
      routedAt: v.routedAt,
    };
    if (v.kind === "DIRECT") frame.to = v.to;
    if (v.vector !== undefined) frame.vector = v.vector;
    if (v.payload !== undefined) frame.payload = v.payload;
    if (v.duplicate) frame.duplicate = true;
    return frame;
  });

/** Deliver frames of any shape: odd values, other senders, any key order, extra keys. */
const anyFrame = fc
  .record(
    {
      type: fc.constantFrom("deliver", "deliver", "fin", "send", "end"),
      from: fc.constantFrom("m1", "m2", "m10", "m", "", 5),
      kind: fc.oneof(fc.constantFrom(...KINDS), text),
      to: fc.oneof(goodId, text),
      id: fc.oneof(fc.constantFrom("m1:1", "m1:", "m10:1", "m2:1", "m1", "m1-1"), text),
      lamport: whole,
      hlc: fc.oneof(fc.record({ wall: whole, logical: whole }), fc.record({ wall: whole })),
      sentAt: anyNumber,
      routedAt: anyNumber,
      vector: fc.dictionary(fc.oneof(goodId, fc.constantFrom("1", "__proto__", "m 1")), whole, {
        maxKeys: 4,
      }),
      payload: text,
      duplicate: fc.oneof(fc.boolean(), fc.constant(1)),
      extra: fc.jsonValue(),
    },
    { requiredKeys: [] },
  )
  .chain((frame) =>
    fc
      .shuffledSubarray(Object.entries(frame), { minLength: Object.keys(frame).length })
      .map((entries) => Object.fromEntries(entries)),
  );

describe("the peer payload reader answers what parsePeerMessage answers", () => {
  it("on random bytes and random JSON", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        checkBytes(bytes);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.json(), (json) => {
        checkText(json);
      }),
      { numRuns: 2000 },
    );
  });

  it("on valid deliver frames as a sender edge writes them, which the byte scanner takes itself", () => {
    fc.assert(
      fc.property(validFrame, (frame) => {
        const bytes = encoder.encode(deliverFrameJson(frame));
        const plain = /^[ -~]*$/.test(frame.payload ?? "") && !/["\\]/.test(frame.payload ?? "");
        const exponent = /e/.test(JSON.stringify([frame.sentAt, frame.routedAt]));
        if (plain && !exponent) expect(scanner.scan(bytes)).toBe(true);
        const got = checkBytes(bytes);
        expect(got.ok).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("on deliver frames of every shape, and from a sender other than the subject's", () => {
    fc.assert(
      fc.property(anyFrame, fc.constantFrom("m1", "m2", "m10"), (frame, from) => {
        checkText(JSON.stringify(frame), from);
      }),
      { numRuns: 5000 },
    );
  });

  it("on valid frames that claim another sender or another sender's message id", () => {
    fc.assert(
      fc.property(
        validFrame,
        fc.constantFrom("m2", "m10", "m", "M1", ""),
        fc.constantFrom("from", "id"),
        (frame, other, field) => {
          const claimed =
            field === "from" ? { ...frame, from: other } : { ...frame, id: `${other}:${frame.lamport}` };
          const got = checkText(deliverFrameJson(claimed));
          expect(got.ok).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
    expect(checkText(deliverFrameJson({ ...frameOf("m1:7"), id: "m1" }))).toMatchObject({ ok: false });
    expect(checkText(deliverFrameJson(frameOf("m1:7")), "m10")).toMatchObject({ ok: false });
  });

  it("on valid frames with one field wrong, or one byte changed, inserted or removed", () => {
    const wrong = Object.entries(WRONG_VALUES.send!).flatMap(([key, values]) =>
      values.map((value) => [key, value] as const),
    );
    fc.assert(
      fc.property(validFrame, fc.constantFrom(...wrong), (frame, [key, value]) => {
        const fields = JSON.parse(deliverFrameJson(frame)) as Record<string, unknown>;
        const raw = Object.entries(fields).map(
          ([k, v]) => `${JSON.stringify(k)}:${k === key ? value : JSON.stringify(v)}`,
        );
        if (!(key in fields)) raw.push(`${JSON.stringify(key)}:${value}`);
        checkText(`{${raw.join(",")}}`);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(
        validFrame,
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(2),
        (frame, at, byte, how) => {
          const bytes = encoder.encode(deliverFrameJson(frame));
          const i = at % bytes.length;
          let out: Uint8Array;
          if (how === 0) {
            out = bytes.slice();
            out[i] = byte;
          } else if (how === 1) out = new Uint8Array([...bytes.subarray(0, i), byte, ...bytes.subarray(i)]);
          else out = new Uint8Array([...bytes.subarray(0, i), ...bytes.subarray(i + 1)]);
          checkBytes(out);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("on fins, good and bad, which the byte scanner leaves to parsePeerMessage", () => {
    const fin = { type: "fin", from: "m1", all: 3, to: { m2: 1 }, copies: {} };
    expect(checkText(JSON.stringify(fin))).toMatchObject({ ok: true });
    expect(checkText(JSON.stringify({ ...fin, from: "m2" }))).toMatchObject({ ok: false });
    expect(checkText(JSON.stringify({ ...fin, to: { m9: 1 } }))).toMatchObject({ ok: false });
    expect(checkText(JSON.stringify({ ...fin, all: -1 }))).toMatchObject({ ok: false });
  });
});

function frameOf(id: string): DeliverFrame {
  return {
    type: "deliver",
    from: SENDER,
    kind: "SEND_FIRST",
    id,
    lamport: 1,
    hlc: { wall: 1, logical: 0 },
    sentAt: 1.5,
    routedAt: 2.5,
  };
}
