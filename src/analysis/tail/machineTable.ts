// The run's machines as the live view numbers them: ids get an index on first sight (run.json's
// machines first, then log files, then ids met in vector clocks or messages) and keep it, so
// events on the wire can name machines by a small number.

export class MachineTable {
  readonly ids: string[] = [];
  readonly #indexById = new Map<string, number>();
  /** Grows by one with every new id: tells a feed when to send the table again. */
  version = 0;

  /** The id's index, adding it if new. */
  indexOf(id: string): number {
    const known = this.#indexById.get(id);
    if (known !== undefined) return known;
    const index = this.ids.length;
    this.ids.push(id);
    this.#indexById.set(id, index);
    this.version++;
    return index;
  }

  has(id: string): boolean {
    return this.#indexById.has(id);
  }

  get size(): number {
    return this.ids.length;
  }
}
