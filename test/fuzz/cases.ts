// Fuzz case generators: one seeded case per index, from a category of malformed (or refused) input
// a rogue connection sends to the router, with what the router must answer. Rogues never get past
// hello (the run is full with m1..m3), so every case is input from a connection that has not joined.
import type { ProtocolErrorCode } from "../../src/core/errors.ts";
import { createRandom, deriveSeed, type RandomSource } from "../../src/core/random.ts";
import { concat, header, pick, randomBytes, randomSplit, randomText, rawFrame, utf8 } from "./bytes.ts";
import {
  byeFields,
  GOOD_IDS,
  helloFields,
  objectText,
  type RawFields,
  REQUIRED,
  sendFields,
  WRONG_VALUES,
  withField,
  withoutField,
} from "./jsonFields.ts";

export type Expectation =
  /** An error frame with this code, then the router closes the connection. */
  | { type: "error"; code: ProtocolErrorCode }
  /** The router closes the connection without a word (bye before hello). */
  | { type: "silent-close" }
  /** Incomplete input: no frame back; the rogue hangs up. */
  | { type: "no-answer" }
  /** Random bytes: an error frame with any protocol code, or no answer; the rogue hangs up. */
  | { type: "any" };

export interface FuzzCase {
  index: number;
  category: Category;
  /** Written in this order, one socket write each. */
  chunks: Uint8Array[];
  /** Write one byte at a time, yielding to the event loop between bytes. */
  byteByByte: boolean;
  expect: Expectation;
}

type Draft = Omit<FuzzCase, "index" | "category">;
type Generator = (random: RandomSource, maxFrameBytes: number) => Draft;

const error = (code: ProtocolErrorCode): Expectation => ({ type: "error", code });
const whole = (bytes: Uint8Array, expect: Expectation): Draft => ({
  chunks: [bytes],
  byteByByte: false,
  expect,
});
const frameOf = (fields: RawFields) => rawFrame(objectText(fields));

/** A valid client frame of any type, and what a connection that has not joined gets for it. */
function validFrame(random: RandomSource): { fields: RawFields; expect: Expectation } {
  switch (random.int(0, 3)) {
    case 0:
      return { fields: helloFields(random, pick(random, GOOD_IDS)), expect: error("DUPLICATE_ID") };
    case 1:
      return { fields: helloFields(random, `x${random.int(4, 999)}`), expect: error("RUN_FULL") };
    case 2:
      return { fields: sendFields(random), expect: error("HELLO_REQUIRED") };
    default:
      return { fields: byeFields(random), expect: { type: "silent-close" } };
  }
}

const INVALID_UTF8 = [
  [0xc3, 0x28],
  [0xff],
  [0xfe],
  [0x80],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0xe2, 0x82, 0x41],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
];

const GENERATORS = {
  "random-bytes": (random) => {
    const body = randomBytes(random, random.int(1, 512));
    // Half the time, a plausible small length header in front of the noise.
    const bytes = random.int(0, 1) === 0 ? body : concat([header(random.int(1, body.length + 16)), body]);
    return { chunks: randomSplit(random, bytes), byteByByte: false, expect: { type: "any" } };
  },
  truncated: (random) => {
    const bytes = frameOf(validFrame(random).fields);
    return whole(bytes.subarray(0, random.int(1, bytes.length - 1)), { type: "no-answer" });
  },
  "length-0": (random) =>
    whole(concat([header(0), randomBytes(random, random.int(0, 8))]), error("BAD_LENGTH")),
  "length-max": (random) =>
    whole(concat([header(0xffffffff), randomBytes(random, random.int(0, 64))]), error("FRAME_TOO_LARGE")),
  "over-limit": (random, max) => {
    if (random.int(0, 1) === 0) {
      return whole(
        concat([header(random.int(max + 1, 0xfffffffe)), randomBytes(random, 16)]),
        error("FRAME_TOO_LARGE"),
      );
    }
    // A whole, otherwise valid frame just over the limit.
    const fields = helloFields(random, "x9");
    const base = objectText([...fields, ["pad", '""']]).length; // ASCII: characters are bytes
    const padded = objectText([
      ...fields,
      ["pad", JSON.stringify("p".repeat(max + random.int(1, 100) - base))],
    ]);
    return whole(rawFrame(padded), error("FRAME_TOO_LARGE"));
  },
  "invalid-utf8": (random) => {
    const body = utf8(objectText(validFrame(random).fields));
    const at = random.int(0, body.length);
    const bad = new Uint8Array(pick(random, INVALID_UTF8));
    return whole(rawFrame(concat([body.subarray(0, at), bad, body.subarray(at)])), error("BAD_UTF8"));
  },
  "bad-json": (random) => {
    const text = objectText(validFrame(random).fields);
    const broken = pick(random, [
      () => text.slice(0, random.int(1, text.length - 1)),
      () => `${text}${pick(random, ["x", "}", ",1", "{}", "]"])}`,
      () => `${pick(random, ["x", ",", "]", "'"])}${text}`,
      () => text.replaceAll('"', "'"),
      () => text.replace(":", ""),
      () =>
        pick(random, [" ", "\t\n", "undefined", "NaN", "{", "}", "[1,]", "{'a':1}", "//c\n{}", "0x10", "01"]),
    ])();
    return whole(rawFrame(broken), error("BAD_JSON"));
  },
  "wrong-field-type": (random) => {
    const type = pick(random, ["hello", "send", "bye", "top-level"] as const);
    if (type === "top-level") {
      return whole(
        rawFrame(pick(random, ["[]", "[1,2]", "1", '"hello"', "null", "true", "-0.5"])),
        error("INVALID_FIELD"),
      );
    }
    const base =
      type === "hello" ? helloFields(random, "x5") : type === "send" ? sendFields(random) : byeFields(random);
    const required = REQUIRED[type]!;
    if (random.int(0, 3) === 0) {
      return whole(frameOf(withoutField(base, pick(random, required))), error("INVALID_FIELD"));
    }
    const wrong = WRONG_VALUES[type]!;
    const key = pick(random, Object.keys(wrong));
    return whole(frameOf(withField(base, key, pick(random, wrong[key]!))), error("INVALID_FIELD"));
  },
  "direct-without-to": (random) => {
    const base = withField(sendFields(random), "kind", '"DIRECT"');
    // DIRECT needs a valid "to"; any other kind must not carry one.
    const fields =
      random.int(0, 1) === 0
        ? withoutField(base, "to")
        : withField(withField(base, "kind", '"BROADCAST"'), "to", '"m2"');
    return whole(frameOf(fields), error("INVALID_FIELD"));
  },
  "unknown-kind": (random) => {
    const kind = pick(random, [
      "send_first",
      "",
      "DIRECT ",
      "MULTICAST",
      "__proto__",
      "constructor",
      randomText(random, random.int(1, 20)),
    ]);
    return whole(
      frameOf(withField(sendFields(random), "kind", JSON.stringify(kind))),
      error("INVALID_FIELD"),
    );
  },
  "unknown-type": (random) => {
    const base = validFrame(random).fields;
    const type = pick(random, [
      '"welcome"',
      '"deliver"',
      '"HELLO"',
      '""',
      '"__proto__"',
      "5",
      "null",
      "{}",
      JSON.stringify(randomText(random, 8)),
    ]);
    const fields = random.int(0, 4) === 0 ? withoutField(base, "type") : withField(base, "type", type);
    return whole(frameOf(fields), error("UNKNOWN_TYPE"));
  },
  "huge-string": (random, max) => {
    const room = max - 1024;
    switch (random.int(0, 3)) {
      case 0: {
        // The largest payload the protocol allows (60 000 characters) when it fits in a frame.
        const char = pick(random, ["a", "é", "€", "\u0001"]);
        const bytesPerChar = JSON.stringify(char).length === 3 ? utf8(char).length : 6;
        const payload = char.repeat(Math.min(60_000, Math.floor(room / bytesPerChar)));
        return whole(
          frameOf(withField(sendFields(random), "payload", JSON.stringify(payload))),
          error("HELLO_REQUIRED"),
        );
      }
      case 1: {
        const junk = JSON.stringify("j".repeat(random.int(room / 2, room)));
        const frame = helloFields(random, random.int(0, 1) === 0 ? "m1" : "x77");
        const code = frame[2]![1] === '"m1"' ? "DUPLICATE_ID" : "RUN_FULL";
        return whole(frameOf([...frame, ["junk", junk]]), error(code));
      }
      case 2:
        return whole(frameOf(helloFields(random, "i".repeat(random.int(65, room)))), error("INVALID_FIELD"));
      default:
        return whole(
          frameOf(withField(byeFields(random), "reason", JSON.stringify("r".repeat(random.int(201, room))))),
          error("INVALID_FIELD"),
        );
    }
  },
  "before-hello": (random) => {
    const fields = random.int(0, 2) === 0 ? byeFields(random) : sendFields(random);
    return whole(
      frameOf(fields),
      fields[0]![1] === '"bye"' ? { type: "silent-close" } : error("HELLO_REQUIRED"),
    );
  },
  "duplicate-id": (random) => {
    const fields = helloFields(random, pick(random, GOOD_IDS));
    return whole(
      frameOf(random.int(0, 2) === 0 ? withField(fields, "token", '"not-configured"') : fields),
      error("DUPLICATE_ID"),
    );
  },
  "run-full": (random) => whole(frameOf(helloFields(random, `n${random.int(4, 99_999)}`)), error("RUN_FULL")),
  "deep-nesting": (random, max) => {
    // JSON nested as deep as the frame allows (hundreds of levels before hello, when frames are
    // at most 4 KB): a recursive walk must not be the way it is read. Up to 6 bytes a level; the
    // rest of a send frame takes well under 1 KB.
    const deepest = Math.floor((max - 1024) / 6);
    const depth = random.int(Math.min(200, deepest), deepest);
    const [open, close] = random.int(0, 1) === 0 ? ["[", "]"] : ['{"a":', "}"];
    const deep = `${open.repeat(depth)}1${close.repeat(depth)}`;
    switch (random.int(0, 3)) {
      case 0:
        return whole(rawFrame(deep), error(open === "[" ? "INVALID_FIELD" : "UNKNOWN_TYPE"));
      case 1:
        return whole(frameOf([...helloFields(random, "x42"), ["junk", deep]]), error("RUN_FULL"));
      case 2:
        return whole(frameOf([...sendFields(random), ["junk", deep]]), error("HELLO_REQUIRED"));
      default:
        return whole(
          frameOf(withField(sendFields(random), pick(random, ["hlc", "vector"]), `{"m1":${deep}}`)),
          error("INVALID_FIELD"),
        );
    }
  },
  "bad-protocol": (random) => {
    const protocol = pick(random, ["0", "2", "3", String(random.int(4, 2 ** 31))]);
    return whole(
      frameOf(withField(helloFields(random, "x3"), "protocol", protocol)),
      error("PROTOCOL_VERSION"),
    );
  },
  "split-every-byte": (random, max): Draft => {
    const inner = pick(random, [
      "length-0",
      "invalid-utf8",
      "bad-json",
      "wrong-field-type",
      "before-hello",
      "duplicate-id",
      "unknown-type",
    ] as const);
    const draft: Draft = (GENERATORS[inner] as Generator)(random, max);
    return { ...draft, byteByByte: true };
  },
  pipelined: (random) => {
    // A refused frame with more frames behind it in the same write: only the first is answered.
    const first = validFrame(random);
    if (first.expect.type !== "error") return whole(frameOf(first.fields), first.expect);
    const rest = [
      frameOf(helloFields(random, "x8")),
      frameOf(sendFields(random)),
      randomBytes(random, random.int(0, 32)),
    ];
    return whole(concat([frameOf(first.fields), ...rest]), first.expect);
  },
} satisfies Record<string, Generator>;

export type Category = keyof typeof GENERATORS;
export const CATEGORIES = Object.keys(GENERATORS) as Category[];

/** Case `index` of the run seeded `seed`: the same bytes every time, whatever ran before it. */
export function generateCase(seed: number, index: number, maxFrameBytes: number): FuzzCase {
  const random = createRandom(deriveSeed(seed, `fuzz-case:${index}`));
  const category = pick(random, CATEGORIES);
  return { index, category, ...GENERATORS[category](random, maxFrameBytes) };
}
