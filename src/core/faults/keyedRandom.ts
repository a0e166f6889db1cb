// Random draws keyed by what they decide, not by the order they are asked for: the fate of a
// delivery is a function of the run's seed, the message id, its destination and the question
// ("loss", "latency"...). The simulator and a live router, which see messages in different
// interleavings, so take the same decision for the same message.

/** A number in [0, 1) from the seed and the key parts. */
export function keyedUniform(seed: number, a: string, b: string, purpose: string): number {
  let hash = 0x811c9dc5 ^ (seed | 0);
  hash = mix(hash, a);
  hash = Math.imul(hash ^ 0x3e, 0x01000193);
  hash = mix(hash, b);
  hash = Math.imul(hash ^ 0x7c, 0x01000193);
  hash = mix(hash, purpose);
  // murmur3's finaliser spreads the bits.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x100000000;
}

function mix(start: number, text: string): number {
  let hash = start;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}
