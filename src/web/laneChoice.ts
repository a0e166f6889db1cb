// Which machines get a lane in the space-time diagram: all of them for a small run; for a large
// one the first few, the machines the user typed, or the chart's standouts (most behind) plus the
// first few.
import { MANY_MACHINES } from "./chartsView.ts";

const DEFAULT_LANES = 12;

export class LaneChoice {
  #chosen: number[] | null = null;

  /** Machine indexes with a lane, top to bottom, for a run of `machineCount` machines. */
  lanes(machineCount: number): number[] {
    const all = Array.from({ length: machineCount }, (_, index) => index);
    if (all.length <= MANY_MACHINES) return all;
    return (this.#chosen ?? all.slice(0, DEFAULT_LANES)).filter((index) => index < all.length);
  }

  /** The machines named in `text` (comma or space separated); returns the names it did not know. */
  chooseByName(text: string, ids: readonly string[]): string[] {
    const index = new Map(ids.map((id, i) => [id, i]));
    const wanted = text.split(/[\s,]+/).filter((id) => id !== "");
    const known = wanted.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
    this.#chosen = known.length > 0 ? [...new Set(known)] : null;
    return wanted.filter((id) => !index.has(id));
  }

  /** The standouts and the first few machines; returns the chosen names, for the input box. */
  chooseStandouts(standouts: readonly number[], ids: readonly string[]): string {
    const first = ids.map((_, i) => i).slice(0, DEFAULT_LANES - 3);
    this.#chosen = [...new Set([...standouts, ...first])].sort((a, b) => a - b);
    return this.#chosen.map((i) => ids[i]).join(",");
  }
}
