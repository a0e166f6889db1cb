// The event line's codecs against JSON.stringify and JSON.parse, on any line its table describes.
import { describe, expect, it } from "vitest";
import { lineCodecContract } from "../../../test/helpers/lineCodecContract.ts";
import type { EventLine } from "../types.ts";
import {
  decodeEventLine,
  encodeEventLine,
  eventLineBound,
  eventLineJson,
  readEventLine,
} from "./eventLine.ts";
import { EVENT_LINE } from "./eventLineFormat.ts";

describe("event line codecs", () => {
  lineCodecContract(EVENT_LINE, {
    json: eventLineJson,
    bytes: { encode: encodeEventLine, bound: eventLineBound },
    decode: decodeEventLine,
  });
});

const receive: EventLine = {
  seq: 2,
  tick: 2,
  type: "RECEIVE",
  trueTime: 666.6666666666666,
  systemTime: 666.6666666666666,
  lamport: 3,
  vector: { m1: 2, m2: 1 },
  hlc: { wall: 666, logical: 0 },
  queueLength: 2,
  message: { id: "m2:1", from: "m2", lamport: 2, sentAt: 333.3333333333333 },
};

describe("eventLineJson", () => {
  it("escapes a string that needs it in place, and the fast decoder reads it back", () => {
    const odd: EventLine = {
      ...receive,
      message: { id: 'a"b\\c\n', from: "m\u00e9", lamport: 1, sentAt: 1e21 },
    };
    const text = eventLineJson(odd);
    expect(text).toBe(JSON.stringify(odd));
    expect(decodeEventLine(text)).toEqual(odd);
  });

  it("writes the new fields in their place: failed after sentAt, duplicate last", () => {
    const send: EventLine = {
      ...receive,
      type: "SEND",
      message: {
        id: "m1:3",
        kind: "BROADCAST",
        to: ["m2", "m3"],
        lamport: 3,
        sentAt: 5,
        failed: "router-down",
      },
    };
    expect(eventLineJson(send)).toContain('"sentAt":5,"failed":"router-down"}}');
    const duplicate: EventLine = {
      ...receive,
      message: { ...receive.message!, duplicate: true } as EventLine["message"],
    };
    expect(eventLineJson(duplicate)).toContain('"sentAt":333.3333333333333,"duplicate":true}}');
    expect(decodeEventLine(eventLineJson(duplicate))).toEqual(duplicate);
  });
});

describe("readEventLine", () => {
  it("reads lines in another key order or with spaces through JSON.parse and the table's check", () => {
    const spaced = JSON.stringify(receive, null, 2).replace(/\n/g, " ");
    expect(decodeEventLine(spaced)).toBeNull();
    expect(readEventLine(spaced)).toEqual(receive);
    const { seq, ...rest } = receive;
    expect(readEventLine(JSON.stringify({ ...rest, seq }))).toEqual(receive);
  });

  it("refuses what is not an event line: a cut line, a wrong type, a missing key, null numbers", () => {
    const text = eventLineJson(receive);
    expect(readEventLine(text.slice(0, -3))).toBeNull();
    expect(readEventLine(JSON.stringify({ ...receive, type: "NAP" }))).toBeNull();
    const { hlc: _, ...noHlc } = receive;
    expect(readEventLine(JSON.stringify(noHlc))).toBeNull();
    expect(readEventLine(eventLineJson({ ...receive, trueTime: Number.NaN }))).toBeNull();
    expect(readEventLine("[1,2]")).toBeNull();
  });
});
