// The fuzz generators say the truth about their cases: a local model of a router whose run is full
// with m1..m3 (the frame decoder and frame validation, then the hello rules) gives each generated
// case the answer it expects. Runs in-process, so it checks thousands of cases in a blink.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProtocolError } from "../../src/core/errors.ts";
import { FrameDecoder, PRE_HELLO_MAX_FRAME_BYTES } from "../../src/core/frame.ts";
import { parseClientFrame } from "../../src/core/protocol.ts";
import { CATEGORIES, type Expectation, type FuzzCase, generateCase } from "./cases.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20240601);

/** What a router with m1..m3 joined answers a connection that has not said hello. */
function modelAnswer(fuzzCase: FuzzCase): Expectation {
  const decoder = new FrameDecoder(PRE_HELLO_MAX_FRAME_BYTES);
  const pieces = fuzzCase.byteByByte
    ? fuzzCase.chunks.flatMap((chunk) => [...chunk].map((byte) => new Uint8Array([byte])))
    : fuzzCase.chunks;
  for (const piece of pieces) {
    for (const decoded of decoder.push(piece)) {
      if (!decoded.ok) return { type: "error", code: decoded.error.code };
      try {
        const frame = parseClientFrame(decoded.value);
        if (frame.type === "bye") return { type: "silent-close" };
        if (frame.type === "send" || frame.type === "done") return { type: "error", code: "HELLO_REQUIRED" };
        if (frame.protocol !== 1) return { type: "error", code: "PROTOCOL_VERSION" };
        const taken = ["m1", "m2", "m3"].includes(frame.id);
        return { type: "error", code: taken ? "DUPLICATE_ID" : "RUN_FULL" };
      } catch (error) {
        if (error instanceof ProtocolError) return { type: "error", code: error.code };
        throw error;
      }
    }
  }
  return { type: "no-answer" };
}

describe(`fuzz case generators (seed ${SEED})`, () => {
  it("expect what the protocol answers, for every category", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), fc.nat(1_000_000), (seed, index) => {
        const fuzzCase = generateCase(seed, index, PRE_HELLO_MAX_FRAME_BYTES);
        seen.add(fuzzCase.category);
        if (fuzzCase.expect.type !== "any") expect(modelAnswer(fuzzCase)).toEqual(fuzzCase.expect);
      }),
      { seed: SEED, numRuns: 5000 },
    );
    expect([...seen].sort()).toEqual([...CATEGORIES].sort());
  });

  it("are deterministic: the same seed and index give the same bytes", () => {
    const a = generateCase(SEED, 7, PRE_HELLO_MAX_FRAME_BYTES);
    const b = generateCase(SEED, 7, PRE_HELLO_MAX_FRAME_BYTES);
    expect(b).toEqual(a);
  });
});
