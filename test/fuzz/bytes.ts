// Byte-level building blocks for fuzz cases: frame headers, raw frames around any body, and seeded
// random bytes, text and choices.
import type { RandomSource } from "../../src/core/random.ts";

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A 4-byte big-endian length header, whatever the body that follows. */
export function header(length: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, length);
  return bytes;
}

/** A frame with a correct length header around `body` (which need not be valid anything). */
export function rawFrame(body: Uint8Array | string): Uint8Array {
  const bytes = typeof body === "string" ? utf8(body) : body;
  return concat([header(bytes.length), bytes]);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function pick<T>(random: RandomSource, items: readonly T[]): T {
  return items[random.int(0, items.length - 1)]!;
}

export function randomBytes(random: RandomSource, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = random.int(0, 255);
  return out;
}

const TEXT_POOL = [
  "a",
  "Z",
  "0",
  " ",
  "-",
  "_",
  '"',
  "\\",
  "{",
  "}",
  "é",
  "ß",
  "€",
  "日",
  "😀",
  "\u0000",
  "\n",
  "\u2028",
  "\uFFFD",
];

/** Random text of `length` characters from a pool mixing ASCII, JSON syntax, control and multi-byte characters. */
export function randomText(random: RandomSource, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += pick(random, TEXT_POOL);
  return text;
}

/** Cuts `bytes` into pieces at random points (at least one piece). */
export function randomSplit(random: RandomSource, bytes: Uint8Array): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let start = 0;
  while (start < bytes.length) {
    const end = Math.min(bytes.length, start + random.int(1, Math.max(1, Math.ceil(bytes.length / 3))));
    pieces.push(bytes.subarray(start, end));
    start = end;
  }
  return pieces.length > 0 ? pieces : [bytes];
}
