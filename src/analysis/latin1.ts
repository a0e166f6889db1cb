// Bytes as a string of one character per byte (the text of plain ASCII bytes), by Node's own
// latin1 slice: what Buffer#toString("latin1", start, end) calls after its checks.

interface Latin1Sliceable {
  latin1Slice(start: number, end: number): string;
}

/** `bytes[start, end)` (a Buffer) as a string, one character per byte. */
export function latin1Text(bytes: Uint8Array, start: number, end: number): string {
  return (bytes as unknown as Latin1Sliceable).latin1Slice(start, end);
}
