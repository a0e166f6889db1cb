// A FIFO queue with O(1) push and shift (a growable ring buffer), for machines' receive queues,
// which the model deliberately does not rate-limit and which can grow to millions of entries.
// The capacity is always a power of two, so a position wraps with a mask instead of a division.

export class Fifo<T> {
  #items: (T | undefined)[] = new Array(16);
  #mask = 15;
  #head = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    if (this.#length === this.#items.length) this.#grow();
    this.#items[(this.#head + this.#length) & this.#mask] = item;
    this.#length++;
  }

  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) & this.#mask;
    this.#length--;
    return item;
  }

  /** The items in queue order, oldest first (for inspection at the end of a run). */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#length; i++) out.push(this.#items[(this.#head + i) & this.#mask] as T);
    return out;
  }

  #grow(): void {
    const grown: (T | undefined)[] = new Array(this.#items.length * 2);
    for (let i = 0; i < this.#length; i++) grown[i] = this.#items[(this.#head + i) & this.#mask];
    this.#items = grown;
    this.#mask = grown.length - 1;
    this.#head = 0;
  }
}
