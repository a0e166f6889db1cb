// The deliver frame's encoder against JSON.stringify: on any frame its table describes, and on the
// frames `deliverFrame` builds from valid messages (which must come out in the table's key order).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineCodecContract } from "../../../test/helpers/lineCodecContract.ts";
import { deliverFrame } from "../protocol.ts";
import { MESSAGE_KINDS, type OutboundMessage } from "../types.ts";
import { deliverFrameJson } from "./deliverFrame.ts";
import { DELIVER_FRAME } from "./deliverFrameFormat.ts";

const machineId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,8}$/);
const counter = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const time = fc.oneof(fc.double({ min: 0, max: 4e12, noNaN: true }), fc.nat());

const message: fc.Arbitrary<OutboundMessage> = fc
  .record(
    {
      kind: fc.constantFrom(...MESSAGE_KINDS),
      to: machineId,
      id: fc.string({ unit: "binary", maxLength: 30 }),
      lamport: counter,
      vector: fc.dictionary(machineId, counter, { maxKeys: 5 }),
      hlc: fc.record({ wall: counter, logical: counter }),
      sentAt: time,
      payload: fc.string({ unit: "binary", maxLength: 40 }),
    },
    { requiredKeys: ["kind", "id", "lamport", "hlc", "sentAt"] },
  )
  .map((m) => m as OutboundMessage);

describe("deliverFrameJson", () => {
  lineCodecContract(DELIVER_FRAME, { json: deliverFrameJson });

  it("writes exactly what JSON.stringify writes for the frames deliverFrame builds", () => {
    fc.assert(
      fc.property(machineId, message, time, (from, m, routedAt) => {
        const frame = deliverFrame(from, m, routedAt);
        expect(deliverFrameJson(frame)).toBe(JSON.stringify(frame));
      }),
      { numRuns: 2000 },
    );
  });

  it("escapes quotes, backslashes and control characters in ids and payloads", () => {
    const frame = deliverFrame(
      "m1",
      {
        kind: "SEND_FIRST",
        id: 'a"b\\c\n',
        lamport: 1,
        hlc: { wall: 0, logical: 1 },
        sentAt: 0.5,
        payload: "<\u0000>",
      },
      2,
    );
    expect(JSON.parse(deliverFrameJson(frame))).toEqual(frame);
  });

  it("writes a duplicated copy's flag last", () => {
    const frame = {
      ...deliverFrame(
        "m1",
        { kind: "BROADCAST", id: "m1:1", lamport: 1, hlc: { wall: 0, logical: 1 }, sentAt: 0 },
        2,
      ),
      duplicate: true as const,
    };
    expect(deliverFrameJson(frame)).toBe(JSON.stringify(frame));
    expect(deliverFrameJson(frame).endsWith(',"routedAt":2,"duplicate":true}')).toBe(true);
  });
});
