// Seeded randomness. Every random choice of a run flows from its one seed through these functions,
// so a run (live or simulated) can be repeated exactly. No Math.random anywhere in the model.

import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

export interface RandomSource {
  /** A uniformly drawn integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** A uniformly drawn float in [0, 1). */
  float(): number;
}

export const MAX_SEED = 0x7fffffff;

export function createRandom(seed: number): RandomSource {
  return new SeededRandom(xoroshiro128plus(seed | 0));
}

/**
 * One stream's draws, as an object with its generator in a field and its methods on the prototype:
 * a draw reads two objects, where closures over the generator had it read four (the simulator
 * draws for a thousand machines in turn, so each of them is a likely cache miss).
 */
class SeededRandom implements RandomSource {
  readonly #generator: ReturnType<typeof xoroshiro128plus>;

  constructor(generator: ReturnType<typeof xoroshiro128plus>) {
    this.#generator = generator;
  }

  int(min: number, max: number): number {
    return uniformInt(this.#generator, min, max);
  }

  float(): number {
    return (this.#generator.next() >>> 0) / 0x100000000;
  }
}

/**
 * A seed for one named stream of a run (for example one machine's action die), so that each
 * machine draws the same numbers whether it runs in its own process or inside the simulator.
 */
export function deriveSeed(runSeed: number, streamName: string): number {
  // FNV-1a over the name, mixed with the run seed through a murmur3-style finaliser.
  let hash = 0x811c9dc5 ^ (runSeed | 0);
  for (let i = 0; i < streamName.length; i++) {
    hash ^= streamName.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash & MAX_SEED;
}
