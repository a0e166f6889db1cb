import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProtocolError } from "./errors.ts";
import {
  DEFAULT_MAX_FRAME_BYTES,
  type DecodedFrame,
  encodeFrame,
  FRAME_HEADER_BYTES,
  FrameDecoder,
} from "./frame.ts";

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A frame with the given header length and raw body bytes. */
function rawFrame(body: readonly number[], length = body.length): Uint8Array {
  const frame = new Uint8Array(FRAME_HEADER_BYTES + body.length);
  new DataView(frame.buffer).setUint32(0, length);
  frame.set(body, FRAME_HEADER_BYTES);
  return frame;
}

function values(frames: DecodedFrame[]): unknown[] {
  return frames.map((f) => {
    if (!f.ok) throw f.error;
    return f.value;
  });
}

function errorOf(frames: DecodedFrame[]): ProtocolError {
  const last = frames.at(-1);
  if (last === undefined || last.ok) throw new Error(`expected an error, got ${JSON.stringify(frames)}`);
  return last.error;
}

/** Splits `bytes` at the given cut points (any numbers; taken modulo length, sorted, deduplicated). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let previous = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.slice(previous, point));
    previous = point;
  }
  return chunks;
}

const utf8 = (text: string) => [...new TextEncoder().encode(text)];

describe("encodeFrame", () => {
  it("writes a 4-byte big-endian length, then the UTF-8 JSON", () => {
    const frame = encodeFrame({ a: "é" });
    const body = utf8('{"a":"é"}');
    expect([...frame]).toEqual([0, 0, 0, body.length, ...body]);
    expect([...encodeFrame("x".repeat(0x1234)).subarray(0, 4)]).toEqual([0, 0, 0x12, 0x36]);
  });
});

describe("FrameDecoder", () => {
  it("decodes the same frames however the bytes are chunked", () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (items, cuts) => {
          const expected = items.map((v) => JSON.parse(JSON.stringify(v)));
          const stream = concat(items.map(encodeFrame));
          const decoder = new FrameDecoder();
          const got = split(stream, cuts).flatMap((chunk) => values(decoder.push(chunk)));
          expect(got).toEqual(expected);
          expect(decoder.bufferedBytes).toBe(0);
        },
      ),
    );
  });

  it("decodes the same frames when fed one byte at a time", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 5 }), (items) => {
        const expected = items.map((v) => JSON.parse(JSON.stringify(v)));
        const stream = concat(items.map(encodeFrame));
        const decoder = new FrameDecoder();
        const got: unknown[] = [];
        for (let i = 0; i < stream.length; i++) {
          got.push(...values(decoder.push(stream.subarray(i, i + 1))));
          expect(decoder.bufferedBytes).toBe(i + 1 - concatLengthBefore(items, got.length));
        }
        expect(got).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it("yields a frame only once its last byte arrives", () => {
    const frame = encodeFrame({ hello: "world" });
    const decoder = new FrameDecoder();
    for (let i = 0; i < frame.length - 1; i++) expect(decoder.push(frame.subarray(i, i + 1))).toEqual([]);
    expect(values(decoder.push(frame.subarray(frame.length - 1)))).toEqual([{ hello: "world" }]);
  });

  it("accepts empty chunks anywhere", () => {
    const frame = encodeFrame([1, 2]);
    const decoder = new FrameDecoder();
    expect(decoder.push(new Uint8Array(0))).toEqual([]);
    expect(decoder.push(frame.subarray(0, 3))).toEqual([]);
    expect(decoder.push(new Uint8Array(0))).toEqual([]);
    expect(values(decoder.push(frame.subarray(3)))).toEqual([[1, 2]]);
    expect(decoder.push(new Uint8Array(0))).toEqual([]);
  });

  it("rejects an oversize frame as soon as the header is read, before the body arrives", () => {
    const decoder = new FrameDecoder(100);
    const header = rawFrame([], 101);
    expect(decoder.push(header.subarray(0, 3))).toEqual([]);
    const error = errorOf(decoder.push(header.subarray(3, 4)));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.code).toBe("FRAME_TOO_LARGE");
    expect(error.message).toContain("101");
    expect(error.message).toContain("100");
    expect(decoder.bufferedBytes).toBe(0);
  });

  it("accepts a frame of exactly the limit and rejects one byte more", () => {
    const atLimit = encodeFrame("x".repeat(98)); // 100 bytes of JSON
    expect(atLimit.length - FRAME_HEADER_BYTES).toBe(100);
    expect(values(new FrameDecoder(100).push(atLimit))).toEqual(["x".repeat(98)]);
    expect(errorOf(new FrameDecoder(99).push(atLimit)).code).toBe("FRAME_TOO_LARGE");
    expect(new FrameDecoder().maxFrameBytes).toBe(DEFAULT_MAX_FRAME_BYTES);
    expect(errorOf(new FrameDecoder().push(rawFrame([], 0xffffffff))).code).toBe("FRAME_TOO_LARGE");
  });

  it.each([
    ["BAD_LENGTH", rawFrame([])],
    ["BAD_UTF8", rawFrame([0x22, 0xff, 0x22])],
    ["BAD_UTF8", rawFrame([0x22, 0xc3, 0x22])], // truncated 2-byte sequence
    ["BAD_UTF8", rawFrame([0x22, 0xed, 0xa0, 0x80, 0x22])], // encoded surrogate
    ["BAD_UTF8", rawFrame([0x22, 0xc0, 0xaf, 0x22])], // overlong encoding
    ["BAD_JSON", rawFrame(utf8("{"))],
    ["BAD_JSON", rawFrame(utf8("{'a':1}"))],
    ["BAD_JSON", rawFrame(utf8("[1,]"))],
    ["BAD_JSON", rawFrame(utf8("undefined"))],
  ] as const)("rejects with %s: %j", (code, bad) => {
    for (const chunking of ["whole", "bytes"] as const) {
      const decoder = new FrameDecoder();
      const before = encodeFrame({ n: 1 });
      const stream = concat([before, bad, encodeFrame({ n: 2 })]);
      const frames =
        chunking === "whole"
          ? decoder.push(stream)
          : [...stream].flatMap((byte) => decoder.push(Uint8Array.of(byte)));
      // The good frame before the bad one is still delivered; nothing after the error is.
      expect(frames).toHaveLength(2);
      expect(frames[0]).toEqual({ ok: true, value: { n: 1 } });
      const error = errorOf(frames);
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(0);
    }
  });

  it("after an error yields nothing more, whatever it is fed", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 4 }), (later) => {
        const decoder = new FrameDecoder();
        expect(errorOf(decoder.push(rawFrame(utf8("nope")))).code).toBe("BAD_JSON");
        for (const value of later) expect(decoder.push(encodeFrame(value))).toEqual([]);
        expect(decoder.push(rawFrame([], 0))).toEqual([]);
        expect(decoder.bufferedBytes).toBe(0);
      }),
      { numRuns: 20 },
    );
  });

  it("copies a partial frame: a chunk the caller overwrites later does not corrupt it", () => {
    const first = encodeFrame({ first: "a".repeat(50) });
    const second = encodeFrame({ second: "b".repeat(50) });
    const stream = concat([first, second]);
    const cut = first.length + 20;

    // Leftover from a borrowed chunk.
    const chunk = stream.slice(0, cut);
    const decoder = new FrameDecoder();
    expect(values(decoder.push(chunk))).toEqual([{ first: "a".repeat(50) }]);
    chunk.fill(0xff);
    expect(values(decoder.push(stream.slice(cut)))).toEqual([{ second: "b".repeat(50) }]);

    // Leftover built up over several chunks (the decoder's own buffer), each reused by the caller.
    const reused = new Uint8Array(7);
    const decoder2 = new FrameDecoder();
    const got: unknown[] = [];
    for (let offset = 0; offset < stream.length; offset += reused.length) {
      const piece = stream.subarray(offset, offset + reused.length);
      reused.fill(0xee);
      reused.set(piece);
      got.push(...values(decoder2.push(reused.subarray(0, piece.length))));
    }
    expect(got).toEqual([{ first: "a".repeat(50) }, { second: "b".repeat(50) }]);
  });

  it("survives a caller that reuses one buffer for every read (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
        (items, sizes) => {
          const stream = concat(items.map(encodeFrame));
          const scratch = new Uint8Array(64);
          const decoder = new FrameDecoder();
          const got: unknown[] = [];
          let offset = 0;
          for (let i = 0; offset < stream.length; i++) {
            const size = sizes[i % sizes.length]!;
            const piece = stream.subarray(offset, offset + size);
            scratch.fill(0xff);
            scratch.set(piece);
            got.push(...values(decoder.push(scratch.subarray(0, piece.length))));
            offset += piece.length;
          }
          expect(got).toEqual(items.map((v) => JSON.parse(JSON.stringify(v))));
        },
      ),
    );
  });
});

function concatLengthBefore(items: readonly unknown[], count: number): number {
  let total = 0;
  for (let i = 0; i < count; i++) total += encodeFrame(items[i]).length;
  return total;
}

describe("FrameDecoder memory", () => {
  it("stays bounded on a long stream whose chunks always end mid-frame", () => {
    const frame = encodeFrame({ pad: "x".repeat(290) }); // 304 bytes
    const n = 20_000;
    const stream = new Uint8Array(frame.length * n);
    for (let i = 0; i < n; i++) stream.set(frame, i * frame.length);
    const decoder = new FrameDecoder();
    let decoded = 0;
    let previous = 0;
    let largestCapacity = 0;
    for (let cut = 3 * frame.length + 1; cut < stream.length; cut += 3 * frame.length) {
      decoded += decoder.push(stream.subarray(previous, cut)).length;
      largestCapacity = Math.max(largestCapacity, decoder.capacityBytes);
      previous = cut;
    }
    decoded += decoder.push(stream.subarray(previous)).length;
    expect(decoded).toBe(n);
    expect(decoder.bufferedBytes).toBe(0);
    // One frame plus one chunk, doubled at most: nowhere near the 6 MB that went through.
    expect(largestCapacity).toBeLessThanOrEqual(4 * (frame.length * 4));
  });
});
