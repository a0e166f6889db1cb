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

/** A whole number in [0, 2^31) as decimal digits. */
export function putSmallInt(out: Uint8Array, pos: number, value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = (rest / 10) | 0) digits++;
  let rest = value;
  for (let i = pos + digits - 1; i >= pos; i--) {
    const next = (rest / 10) | 0;
    out[i] = 0x30 + rest - next * 10;
    rest = next;
  }
  return pos + digits;
}

export function isSmallInt(value: number): boolean {
  return (value | 0) === value && value >= 0;
}
