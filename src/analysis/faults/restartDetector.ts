// Tells, event by event, which event is a machine's first after a restart: the first at or after a
// down interval's `upMs` whose previous event came before it. Constant work per event; machines
// that were never down cost one array lookup.
import type { DownInterval } from "./downIntervals.ts";

export class RestartDetector {
  readonly #lists: Array<DownInterval[] | undefined>;
  readonly #next: Uint32Array;
  readonly any: boolean;

  constructor(ids: readonly string[], down: ReadonlyMap<string, DownInterval[]>) {
    this.#lists = ids.map((id) => down.get(id));
    this.#next = new Uint32Array(ids.length);
    this.any = this.#lists.some((list) => list !== undefined && list.length > 0);
  }

  /** The interval this event ends (the machine's previous event was at `previousMs`, NaN for none). */
  check(machine: number, previousMs: number, timeMs: number): DownInterval | null {
    const list = this.#lists[machine];
    if (list === undefined) return null;
    let i = this.#next[machine]!;
    while (i < list.length) {
      const down = list[i]!;
      if (down.upMs === null || timeMs < down.upMs) return null;
      this.#next[machine] = ++i;
      if (!(previousMs >= down.upMs)) return down;
    }
    return null;
  }
}
