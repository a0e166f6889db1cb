// Numbers as JSON writes them (NaN and the infinities as null), with a small cache for fractional
// values: turning a double like 1666.6666666666667 into text costs ~100 ns, and a simulation writes
// the same times over and over (machines of equal speed tick together; a message's sentAt was its
// sender's tick time). Direct-mapped: a value's bits pick its one slot. Deterministic; only speed
// depends on hits.

const SLOTS = 1 << 12;
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const keys = new Float64Array(SLOTS).fill(Number.NaN);
const texts: string[] = new Array<string>(SLOTS).fill("");

export function numberText(value: number): string {
  if (Number.isInteger(value)) return `${value}`;
  bits[0] = value;
  const slot = Math.imul(words[0]! ^ words[1]!, 0x9e3779b1) >>> 20;
  if (keys[slot] === value) return texts[slot]!;
  // JSON.stringify writes NaN and the infinities as null.
  const text = Number.isFinite(value) ? `${value}` : "null";
  keys[slot] = value;
  texts[slot] = text;
  return text;
}
