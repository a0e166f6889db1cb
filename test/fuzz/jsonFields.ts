// Client frames written as lists of [key, raw JSON text] pairs, so a fuzz case can put any text
// (1e400, a duplicate key, "__proto__") where a field's value goes; plus valid frames to start from
// and, per field, values of the wrong type or out of range.
import type { RandomSource } from "../../src/core/random.ts";
import { pick, randomText } from "./bytes.ts";

export type RawFields = Array<[key: string, rawJson: string]>;

const j = JSON.stringify;
export const GOOD_IDS = ["m1", "m2", "m3"] as const;
export const KINDS = ["SEND_FIRST", "SEND_SECOND", "BROADCAST", "DIRECT"] as const;

export function objectText(fields: RawFields): string {
  return `{${fields.map(([key, value]) => `${j(key)}:${value}`).join(",")}}`;
}

export function helloFields(random: RandomSource, id: string): RawFields {
  const fields: RawFields = [
    ["type", j("hello")],
    ["protocol", "1"],
    ["id", j(id)],
  ];
  if (random.int(0, 3) === 0) fields.push(["ticksPerSecond", String(random.int(1, 1000) / 10)]);
  return fields;
}

export function sendFields(random: RandomSource): RawFields {
  const kind = pick(random, KINDS);
  const lamport = random.int(0, 1_000_000);
  const fields: RawFields = [
    ["type", j("send")],
    ["kind", j(kind)],
    ["id", j(`r${random.int(1, 9)}:${random.int(0, 1e6)}`)],
    ["lamport", String(lamport)],
    ["hlc", j({ wall: random.int(0, 2e9), logical: random.int(0, 100) })],
    ["sentAt", String(random.int(0, 2e9))],
  ];
  if (kind === "DIRECT") fields.push(["to", j(pick(random, GOOD_IDS))]);
  if (random.int(0, 1) === 0) fields.push(["vector", j({ m1: lamport, m2: random.int(0, 9) })]);
  if (random.int(0, 1) === 0) fields.push(["payload", j(randomText(random, random.int(0, 40)))]);
  return fields;
}

export function byeFields(random: RandomSource): RawFields {
  return [
    ["type", j("bye")],
    ["reason", j(randomText(random, random.int(0, 30)))],
  ];
}

const COUNTER = ["-1", "1.5", '"3"', "null", "true", "{}", "[]", "1e400", "9007199254740993", "-0.5"];
const FINITE = ['"0"', "null", "1e400", "-1e400", "[]", "{}", "true"];
const MACHINE_ID = [
  '""',
  '"_x"',
  '"a b"',
  j("a".repeat(65)),
  "7",
  "null",
  '["m1"]',
  '{"id":"m1"}',
  '"m1\\n"',
];

/** For each field of each frame type: raw JSON values that its validation must refuse. */
export const WRONG_VALUES: Record<string, Record<string, readonly string[]>> = {
  hello: {
    protocol: COUNTER,
    id: MACHINE_ID,
    token: ["5", "{}", "null", "[]", j("t".repeat(1025))],
    ticksPerSecond: FINITE,
  },
  send: {
    kind: ["1", "null", "{}", "[]", "true"],
    id: ['""', "0", "null", "[]", j("x".repeat(201))],
    lamport: COUNTER,
    hlc: [
      "null",
      "3",
      '{"wall":-1,"logical":0}',
      '{"wall":0}',
      "[]",
      '{"wall":"0","logical":0}',
      '{"wall":0,"logical":0.5}',
    ],
    sentAt: FINITE,
    vector: ["[]", '{"bad key":1}', '{"m1":-1}', '{"m1":"1"}', "5", "null", '{"__proto__":1}', '{"_m":1}'],
    payload: ["5", "{}", "null", "true", "[]"],
  },
  bye: { reason: ["5", "null", "[]", j("r".repeat(201))] },
};

/** Fields that must be present, by frame type (for DIRECT sends, "to" too). */
export const REQUIRED: Record<string, readonly string[]> = {
  hello: ["protocol", "id"],
  send: ["kind", "id", "lamport", "hlc", "sentAt"],
  bye: ["reason"],
};

/** Sets (or adds) `key` to the raw value. */
export function withField(fields: RawFields, key: string, rawJson: string): RawFields {
  const out = fields.filter(([k]) => k !== key);
  out.push([key, rawJson]);
  return out;
}

export function withoutField(fields: RawFields, key: string): RawFields {
  return fields.filter(([k]) => k !== key);
}
