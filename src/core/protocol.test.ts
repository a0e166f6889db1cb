import { describe, expect, it } from "vitest";
import { ProtocolError } from "./errors.ts";
import {
  deliverFrame,
  MACHINE_ID_PATTERN,
  PROTOCOL_VERSION,
  parseClientFrame,
  parseServerFrame,
} from "./protocol.ts";
import type { OutboundMessage } from "./types.ts";

const message: OutboundMessage = {
  kind: "SEND_FIRST",
  id: "m1:1",
  lamport: 3,
  vector: { m1: 3, m2: 1 },
  hlc: { wall: 1700000000000, logical: 2 },
  sentAt: 1700000000000.5,
};
const hello = { type: "hello", protocol: 1, id: "m1" };
const send = { type: "send", ...message };
const direct = { type: "send", ...message, kind: "DIRECT", to: "m2" };
const bye = { type: "bye", reason: "duration reached" };
const welcome = { type: "welcome", protocol: 1, runId: "run-1", peers: ["m1", "m2"], seed: 42 };
const start = { type: "start", t0: 1700000000250, peers: ["m1", "m2", "m3"], endAt: 1700000060250 };
const deliver = { type: "deliver", ...message, from: "m2", routedAt: 1700000000001 };
const error = { type: "error", code: "BAD_JSON", message: "frame body is not valid JSON" };

function thrown(parse: (value: unknown) => unknown, value: unknown): ProtocolError {
  try {
    parse(value);
  } catch (e) {
    if (e instanceof ProtocolError) return e;
    throw e;
  }
  throw new Error(`expected a ProtocolError for ${JSON.stringify(value)}`);
}

describe("parseClientFrame accepts good frames", () => {
  it.each([
    ["hello", hello],
    ["hello with token and speed", { ...hello, token: "s3cret-token", ticksPerSecond: 4 }],
    ["send", send],
    ["send without vector", { ...send, vector: undefined }],
    ["send with payload", { ...send, payload: "xxxx" }],
    ["DIRECT send", direct],
    ["bye", bye],
  ])("%s", (_name, frame) => {
    const expected = JSON.parse(JSON.stringify(frame));
    expect(parseClientFrame(JSON.parse(JSON.stringify(frame)))).toEqual(expected);
  });

  it("keeps only known fields: a claimed sender in a send frame is dropped", () => {
    const parsed = parseClientFrame({ ...send, from: "m3", routedAt: 5, extra: true });
    expect(parsed).toEqual(send);
    expect(parsed).not.toHaveProperty("from");
  });

  it("accepts ids matching the machine id pattern up to 64 characters", () => {
    expect(parseClientFrame({ ...hello, id: `a${"b".repeat(63)}` })).toMatchObject({
      id: `a${"b".repeat(63)}`,
    });
    expect(parseClientFrame({ ...hello, id: "node-1.eu_west" })).toMatchObject({ id: "node-1.eu_west" });
    expect(MACHINE_ID_PATTERN.test(`a${"b".repeat(64)}`)).toBe(false);
  });
});

describe("parseServerFrame accepts good frames", () => {
  it.each([
    ["welcome", welcome],
    ["start", start],
    ["start without endAt", { ...start, endAt: undefined }],
    ["deliver", deliver],
    ["DIRECT deliver", { ...deliver, kind: "DIRECT", to: "m3" }],
    ["error", error],
  ])("%s", (_name, frame) => {
    const expected = JSON.parse(JSON.stringify(frame));
    expect(parseServerFrame(JSON.parse(JSON.stringify(frame)))).toEqual(expected);
  });
});

// [case, frame, expected code, text the message must contain (the field)]
const badClientFrames: Array<[string, unknown, string, string]> = [
  ["not an object", "hello", "INVALID_FIELD", "frame"],
  ["null", null, "INVALID_FIELD", "frame"],
  ["an array", [hello], "INVALID_FIELD", "frame"],
  ["no type", { protocol: 1, id: "m1" }, "UNKNOWN_TYPE", "frame.type"],
  ["unknown type", { ...hello, type: "helo" }, "UNKNOWN_TYPE", "frame.type"],
  ["server type from a client", { ...welcome }, "UNKNOWN_TYPE", "frame.type"],
  ["hello protocol missing", { type: "hello", id: "m1" }, "INVALID_FIELD", "frame.protocol"],
  ["hello protocol a string", { ...hello, protocol: "1" }, "INVALID_FIELD", "frame.protocol"],
  ["hello protocol negative", { ...hello, protocol: -1 }, "INVALID_FIELD", "frame.protocol"],
  ["hello protocol fractional", { ...hello, protocol: 1.5 }, "INVALID_FIELD", "frame.protocol"],
  ["hello id missing", { type: "hello", protocol: 1 }, "INVALID_FIELD", "frame.id"],
  ["hello id empty", { ...hello, id: "" }, "INVALID_FIELD", "frame.id"],
  ["hello id with a space", { ...hello, id: "m 1" }, "INVALID_FIELD", "frame.id"],
  ["hello id starting with a dash", { ...hello, id: "-m1" }, "INVALID_FIELD", "frame.id"],
  ["hello id too long", { ...hello, id: "m".repeat(65) }, "INVALID_FIELD", "frame.id"],
  ["hello id a number", { ...hello, id: 1 }, "INVALID_FIELD", "frame.id"],
  ["hello token a number", { ...hello, token: 12345678 }, "INVALID_FIELD", "frame.token"],
  ["hello token too long", { ...hello, token: "t".repeat(1025) }, "INVALID_FIELD", "frame.token"],
  [
    "hello ticksPerSecond a string",
    { ...hello, ticksPerSecond: "4" },
    "INVALID_FIELD",
    "frame.ticksPerSecond",
  ],
  ["send kind missing", { ...send, kind: undefined }, "INVALID_FIELD", "frame.kind"],
  ["send kind unknown", { ...send, kind: "MULTICAST" }, "INVALID_FIELD", "frame.kind"],
  ["send kind INTERNAL", { ...send, kind: "INTERNAL" }, "INVALID_FIELD", "frame.kind"],
  ["send id missing", { ...send, id: undefined }, "INVALID_FIELD", "frame.id"],
  ["send id a number", { ...send, id: 7 }, "INVALID_FIELD", "frame.id"],
  ["send id too long", { ...send, id: "x".repeat(201) }, "INVALID_FIELD", "frame.id"],
  ["send lamport missing", { ...send, lamport: undefined }, "INVALID_FIELD", "frame.lamport"],
  ["send lamport negative", { ...send, lamport: -1 }, "INVALID_FIELD", "frame.lamport"],
  ["send lamport fractional", { ...send, lamport: 1.5 }, "INVALID_FIELD", "frame.lamport"],
  ["send lamport unsafe", { ...send, lamport: 2 ** 53 }, "INVALID_FIELD", "frame.lamport"],
  ["send lamport a string", { ...send, lamport: "3" }, "INVALID_FIELD", "frame.lamport"],
  ["send hlc missing", { ...send, hlc: undefined }, "INVALID_FIELD", "frame.hlc"],
  ["send hlc an array", { ...send, hlc: [1, 2] }, "INVALID_FIELD", "frame.hlc"],
  ["send hlc.wall missing", { ...send, hlc: { logical: 0 } }, "INVALID_FIELD", "frame.hlc.wall"],
  ["send hlc.wall negative", { ...send, hlc: { wall: -1, logical: 0 } }, "INVALID_FIELD", "frame.hlc.wall"],
  [
    "send hlc.logical fractional",
    { ...send, hlc: { wall: 1, logical: 0.5 } },
    "INVALID_FIELD",
    "frame.hlc.logical",
  ],
  ["send sentAt missing", { ...send, sentAt: undefined }, "INVALID_FIELD", "frame.sentAt"],
  ["send sentAt a string", { ...send, sentAt: "now" }, "INVALID_FIELD", "frame.sentAt"],
  ["send sentAt null (NaN/Infinity in JSON)", { ...send, sentAt: null }, "INVALID_FIELD", "frame.sentAt"],
  ["send sentAt Infinity", { ...send, sentAt: Number.POSITIVE_INFINITY }, "INVALID_FIELD", "frame.sentAt"],
  ["send vector not an object", { ...send, vector: [1, 2] }, "INVALID_FIELD", "frame.vector"],
  ["send vector bad key", { ...send, vector: { "m 1": 1 } }, "INVALID_FIELD", "frame.vector"],
  ["send vector bad entry", { ...send, vector: { m1: -1 } }, "INVALID_FIELD", "frame.vector.m1"],
  ["send vector entry a string", { ...send, vector: { m2: "1" } }, "INVALID_FIELD", "frame.vector.m2"],
  ["send payload a number", { ...send, payload: 5 }, "INVALID_FIELD", "frame.payload"],
  ["send payload too long", { ...send, payload: "x".repeat(60_001) }, "INVALID_FIELD", "frame.payload"],
  ["DIRECT without to", { ...direct, to: undefined }, "INVALID_FIELD", "frame.to"],
  ["DIRECT to a bad id", { ...direct, to: "m/2" }, "INVALID_FIELD", "frame.to"],
  ["to with a non-DIRECT kind", { ...send, to: "m2" }, "INVALID_FIELD", "frame.to"],
  ["bye without reason", { type: "bye" }, "INVALID_FIELD", "frame.reason"],
  ["bye reason too long", { type: "bye", reason: "r".repeat(201) }, "INVALID_FIELD", "frame.reason"],
];

describe("parseClientFrame rejects bad fields with a ProtocolError naming the field", () => {
  it.each(badClientFrames)("%s", (_name, frame, code, field) => {
    const error = thrown(parseClientFrame, frame);
    expect(error.code).toBe(code);
    expect(error.message).toContain(field);
  });
});

const badServerFrames: Array<[string, unknown, string, string]> = [
  ["not an object", 42, "INVALID_FIELD", "frame"],
  ["client type from the server", hello, "UNKNOWN_TYPE", "frame.type"],
  ["welcome protocol missing", { ...welcome, protocol: undefined }, "INVALID_FIELD", "frame.protocol"],
  ["welcome runId missing", { ...welcome, runId: undefined }, "INVALID_FIELD", "frame.runId"],
  ["welcome runId too long", { ...welcome, runId: "r".repeat(201) }, "INVALID_FIELD", "frame.runId"],
  ["welcome peers not an array", { ...welcome, peers: "m1" }, "INVALID_FIELD", "frame.peers"],
  ["welcome peers with a bad id", { ...welcome, peers: ["m1", "bad id"] }, "INVALID_FIELD", "frame.peers[1]"],
  ["welcome seed negative", { ...welcome, seed: -3 }, "INVALID_FIELD", "frame.seed"],
  ["welcome seed missing", { ...welcome, seed: undefined }, "INVALID_FIELD", "frame.seed"],
  ["start t0 missing", { ...start, t0: undefined }, "INVALID_FIELD", "frame.t0"],
  ["start t0 a string", { ...start, t0: "soon" }, "INVALID_FIELD", "frame.t0"],
  ["start peers missing", { ...start, peers: undefined }, "INVALID_FIELD", "frame.peers"],
  ["start peers with a number", { ...start, peers: [1] }, "INVALID_FIELD", "frame.peers[0]"],
  ["start endAt a string", { ...start, endAt: "later" }, "INVALID_FIELD", "frame.endAt"],
  ["deliver from missing", { ...deliver, from: undefined }, "INVALID_FIELD", "frame.from"],
  ["deliver from bad id", { ...deliver, from: "" }, "INVALID_FIELD", "frame.from"],
  ["deliver routedAt missing", { ...deliver, routedAt: undefined }, "INVALID_FIELD", "frame.routedAt"],
  ["deliver lamport negative", { ...deliver, lamport: -2 }, "INVALID_FIELD", "frame.lamport"],
  ["deliver hlc.logical missing", { ...deliver, hlc: { wall: 1 } }, "INVALID_FIELD", "frame.hlc.logical"],
  ["deliver kind unknown", { ...deliver, kind: "ANY" }, "INVALID_FIELD", "frame.kind"],
  ["error code missing", { ...error, code: undefined }, "INVALID_FIELD", "frame.code"],
  ["error code too long", { ...error, code: "C".repeat(101) }, "INVALID_FIELD", "frame.code"],
  ["error message missing", { ...error, message: undefined }, "INVALID_FIELD", "frame.message"],
  ["error message too long", { ...error, message: "m".repeat(2001) }, "INVALID_FIELD", "frame.message"],
];

describe("parseServerFrame rejects bad fields with a ProtocolError naming the field", () => {
  it.each(badServerFrames)("%s", (_name, frame, code, field) => {
    const error = thrown(parseServerFrame, frame);
    expect(error.code).toBe(code);
    expect(error.message).toContain(field);
  });
});

describe("deliverFrame", () => {
  it("stamps the given sender and routing time and copies the message fields", () => {
    const frame = deliverFrame("m2", { ...message, payload: "p" }, 99);
    expect(frame).toEqual({ type: "deliver", ...message, payload: "p", from: "m2", routedAt: 99 });
    expect(parseServerFrame(JSON.parse(JSON.stringify(frame)))).toEqual(frame);
  });

  it("omits optional fields that are absent", () => {
    const { vector: _vector, ...bare } = message;
    const frame = deliverFrame("m1", bare, 1);
    expect(frame).not.toHaveProperty("vector");
    expect(frame).not.toHaveProperty("to");
    expect(frame).not.toHaveProperty("payload");
  });

  it("ignores a from/routedAt smuggled into the message object", () => {
    const smuggled = { ...message, from: "m9", routedAt: 0 } as OutboundMessage;
    expect(deliverFrame("m1", smuggled, 5)).toMatchObject({ from: "m1", routedAt: 5 });
  });

  it("speaks protocol version 1", () => {
    expect(PROTOCOL_VERSION).toBe(1);
  });
});
