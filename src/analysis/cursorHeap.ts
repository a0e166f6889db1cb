// A binary min-heap of event cursors ordered by their current event's true time, so the events of
// all machines are visited in one true-time order (ties: SEND first, so a message's SEND precedes
// its RECEIVE at the same instant; then machine order). Each slot's sort key (time, send flag,
// machine) sits in typed arrays beside the cursor, so comparisons do not chase pointers: with
// thousands of machines the heap is the analyser's innermost loop.
import type { EventCursor } from "./cursor.ts";

export class CursorHeap {
  #items: EventCursor[] = [];
  #time = new Float64Array(16);
  /** 0 for a SEND (it sorts first), 1 otherwise. */
  #notSend = new Uint8Array(16);
  #machine = new Int32Array(16);

  get size(): number {
    return this.#items.length;
  }

  top(): EventCursor | undefined {
    return this.#items[0];
  }

  #before(i: number, j: number): boolean {
    const ti = this.#time[i]!;
    const tj = this.#time[j]!;
    if (ti !== tj) return ti < tj;
    const si = this.#notSend[i]!;
    const sj = this.#notSend[j]!;
    if (si !== sj) return si < sj;
    return this.#machine[i]! < this.#machine[j]!;
  }

  #load(i: number, cursor: EventCursor): void {
    const event = cursor.current!;
    this.#items[i] = cursor;
    this.#time[i] = event.trueTime;
    this.#notSend[i] = event.type === "SEND" ? 0 : 1;
    this.#machine[i] = cursor.machine;
  }

  #swap(i: number, j: number): void {
    const items = this.#items;
    const cursor = items[i]!;
    items[i] = items[j]!;
    items[j] = cursor;
    const time = this.#time;
    const t = time[i]!;
    time[i] = time[j]!;
    time[j] = t;
    const notSend = this.#notSend;
    const s = notSend[i]!;
    notSend[i] = notSend[j]!;
    notSend[j] = s;
    const machine = this.#machine;
    const m = machine[i]!;
    machine[i] = machine[j]!;
    machine[j] = m;
  }

  #ensureCapacity(n: number): void {
    if (n <= this.#time.length) return;
    const grow = <T extends Float64Array | Uint8Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(Math.max(n, old.length * 2));
      next.set(old);
      return next;
    };
    this.#time = grow(this.#time, (k) => new Float64Array(k));
    this.#notSend = grow(this.#notSend, (k) => new Uint8Array(k));
    this.#machine = grow(this.#machine, (k) => new Int32Array(k));
  }

  push(cursor: EventCursor): void {
    const n = this.#items.length;
    this.#ensureCapacity(n + 1);
    this.#load(n, cursor);
    let i = n;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  /** The top cursor moved to its next event: restore the order. */
  topChanged(): void {
    this.#siftDown(this.#items[0]!);
  }

  /**
   * Puts `cursor` at the root and moves it down to its place: each child that goes before it moves
   * up into the hole, and the cursor is written once where the hole stops (half the writes of swaps).
   */
  #siftDown(cursor: EventCursor): void {
    const event = cursor.current!;
    const t = event.trueTime;
    const s = event.type === "SEND" ? 0 : 1;
    const m = cursor.machine;
    const items = this.#items;
    const time = this.#time;
    const notSend = this.#notSend;
    const machine = this.#machine;
    const n = items.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.#before(right, left) ? right : left;
      const ct = time[child]!;
      if (ct > t) break;
      if (ct === t) {
        const cs = notSend[child]!;
        if (cs > s || (cs === s && machine[child]! > m)) break;
      }
      items[i] = items[child]!;
      time[i] = ct;
      notSend[i] = notSend[child]!;
      machine[i] = machine[child]!;
      i = child;
    }
    items[i] = cursor;
    time[i] = t;
    notSend[i] = s;
    machine[i] = m;
  }

  /** Removes the top cursor (it has no more events). */
  popTop(): void {
    const items = this.#items;
    const last = items.pop()!;
    if (items.length > 0) this.#siftDown(last);
  }
}
