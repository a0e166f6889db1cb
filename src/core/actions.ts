// The action die: what a machine does on a tick when its queue is empty. Weights generalise the
// original d10 (1 -> first other, 2 -> second other, 3 -> broadcast, 4..10 -> internal).
import type { RandomSource } from "./random.ts";

export interface ActionWeights {
  /** Send to the first other machine (sorted ids). */
  sendFirst: number;
  /** Send to the second other machine (sorted ids). */
  sendSecond: number;
  /** Send one message to every other machine. */
  broadcast: number;
  /** Send to one other machine drawn uniformly at random (DIRECT). */
  direct: number;
  /** An internal event. */
  internal: number;
}

export const D10_WEIGHTS: ActionWeights = {
  sendFirst: 1,
  sendSecond: 1,
  broadcast: 1,
  direct: 0,
  internal: 7,
};

export type Action = "SEND_FIRST" | "SEND_SECOND" | "BROADCAST" | "DIRECT" | "INTERNAL";

const ORDER: ReadonlyArray<[keyof ActionWeights, Action]> = [
  ["sendFirst", "SEND_FIRST"],
  ["sendSecond", "SEND_SECOND"],
  ["broadcast", "BROADCAST"],
  ["direct", "DIRECT"],
  ["internal", "INTERNAL"],
];

/** Dice by their weights: a die holds no state, so every machine with the same weights shares one. */
const sharedDice = new Map<string, ActionDie>();

/** A die with faces weighted as given; the faces are whole numbers so a d10 stays a d10. */
export class ActionDie {
  readonly #faces: number;
  readonly #upperBounds: number[];
  readonly #actions: Action[];

  constructor(weights: ActionWeights) {
    this.#upperBounds = [];
    this.#actions = [];
    let total = 0;
    for (const [key, action] of ORDER) {
      const weight = weights[key];
      if (!Number.isInteger(weight) || weight < 0) {
        throw new RangeError(`action weight ${key} must be a whole number >= 0, got ${weight}`);
      }
      if (weight === 0) continue;
      total += weight;
      this.#upperBounds.push(total);
      this.#actions.push(action);
    }
    if (total === 0) throw new RangeError("action weights must not all be 0");
    this.#faces = total;
  }

  /** The one die for these weights (a run's thousand machines read one, not a thousand copies). */
  static shared(weights: ActionWeights): ActionDie {
    const key = ORDER.map(([key]) => weights[key]).join(",");
    let die = sharedDice.get(key);
    if (die === undefined) {
      die = new ActionDie(weights);
      // A process sees a few sets of weights; an experiment's many variations stay bounded.
      if (sharedDice.size >= 64) sharedDice.clear();
      sharedDice.set(key, die);
    }
    return die;
  }

  get faces(): number {
    return this.#faces;
  }

  /** The action for a face value in [1, faces]. */
  actionFor(face: number): Action {
    for (let i = 0; i < this.#upperBounds.length; i++) {
      if (face <= this.#upperBounds[i]!) return this.#actions[i]!;
    }
    throw new RangeError(`face ${face} is outside 1..${this.#faces}`);
  }

  roll(random: RandomSource): Action {
    return this.actionFor(random.int(1, this.#faces));
  }
}
