// Writing JSON text straight into a byte buffer, ASCII only, with no intermediate strings: the
// simulator's log lines are millions of small objects, and building a string per line and then
// encoding it costs more than the rest of the line's work. Writes past the end of the buffer are
// dropped by the typed array, so callers check the final position once (see `encodeEventLine`).

/** Set when a string needs JSON escaping or is not ASCII: the caller then takes JSON.stringify's path. */
export const encodeState = { unsafe: false };

export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** Copies pre-encoded bytes. */
export function putBytes(out: Uint8Array, pos: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) out[pos + i] = bytes[i]!;
  return pos + bytes.length;
}

/** Copies a string known to be plain ASCII (constants, number texts). */
export function putTrusted(out: Uint8Array, pos: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[pos + i] = text.charCodeAt(i);
  return pos + text.length;
}

/** Copies a string that goes between JSON quotes; flags it if it would need escaping. */
export function putString(out: Uint8Array, pos: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) encodeState.unsafe = true;
    out[pos + i] = code;
  }
  return pos + text.length;
}

/** "0000".."9999" as ASCII, 4 bytes each: numbers are written four digits at a time. */
const DIGITS4 = new Uint8Array(40_000);
for (let n = 0; n < 10_000; n++) {
  DIGITS4[4 * n] = 0x30 + Math.floor(n / 1000);
  DIGITS4[4 * n + 1] = 0x30 + (Math.floor(n / 100) % 10);
  DIGITS4[4 * n + 2] = 0x30 + (Math.floor(n / 10) % 10);
  DIGITS4[4 * n + 3] = 0x30 + (n % 10);
}

/** Below 10,000: as many digits as it has. */
function putGroup(out: Uint8Array, pos: number, value: number): number {
  const digits = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : 4;
  const from = 4 * value + 4 - digits;
  for (let i = 0; i < digits; i++) out[pos + i] = DIGITS4[from + i]!;
  return pos + digits;
}

/** Below 10,000, zero-padded to four digits. */
function putGroupPadded(out: Uint8Array, pos: number, value: number): number {
  const from = 4 * value;
  out[pos] = DIGITS4[from]!;
  out[pos + 1] = DIGITS4[from + 1]!;
  out[pos + 2] = DIGITS4[from + 2]!;
  out[pos + 3] = DIGITS4[from + 3]!;
  return pos + 4;
}

/** A whole number in [0, 2^31) as decimal digits. */
export function putSmallInt(out: Uint8Array, pos: number, value: number): number {
  if (value < 10_000) return putGroup(out, pos, value);
  const high = (value / 10_000) | 0;
  const low = value - high * 10_000;
  if (high < 10_000) pos = putGroup(out, pos, high);
  else {
    const top = (high / 10_000) | 0;
    pos = putGroup(out, pos, top);
    pos = putGroupPadded(out, pos, high - top * 10_000);
  }
  return putGroupPadded(out, pos, low);
}

export function isSmallInt(value: number): boolean {
  return (value | 0) === value && value >= 0;
}
