// A binary min-heap of event cursors ordered by their current event's true time, so the events of
// all machines are visited in one true-time order (ties: SEND first, so a message's SEND precedes
// its RECEIVE at the same instant; then machine order).
import type { EventCursor } from "./cursor.ts";

function before(a: EventCursor, b: EventCursor): boolean {
  const x = a.current!;
  const y = b.current!;
  if (x.trueTime !== y.trueTime) return x.trueTime < y.trueTime;
  const xSend = x.type === "SEND";
  if (xSend !== (y.type === "SEND")) return xSend;
  return a.machine < b.machine;
}

export class CursorHeap {
  readonly #items: EventCursor[] = [];

  get size(): number {
    return this.#items.length;
  }

  top(): EventCursor | undefined {
    return this.#items[0];
  }

  push(cursor: EventCursor): void {
    const items = this.#items;
    items.push(cursor);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  /** The top cursor moved to its next event: restore the order. */
  topChanged(): void {
    const items = this.#items;
    const n = items.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && before(items[right]!, items[left]!) ? right : left;
      if (!before(items[child]!, items[i]!)) return;
      [items[i], items[child]] = [items[child]!, items[i]!];
      i = child;
    }
  }

  /** Removes the top cursor (it has no more events). */
  popTop(): void {
    const items = this.#items;
    const last = items.pop()!;
    if (items.length === 0) return;
    items[0] = last;
    this.topChanged();
  }
}
