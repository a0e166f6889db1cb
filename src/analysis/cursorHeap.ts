// The cursors of all machines ordered by their current event's true time, so the events of all
// machines are visited in one true-time order (ties: SEND first, so a message's SEND precedes its
// RECEIVE at the same instant; then machine order). A tournament ("loser") tree: each inner node
// keeps the cursor that lost the match there, so when the leading cursor moves on, its new event
// plays one match per level on its way back up (half the comparisons of a binary heap's sift-down).
// Each leaf's sort key (time, send flag, machine) sits in typed arrays, so matches do not chase
// pointers: with thousands of machines this is the analyser's innermost loop.
import type { EventCursor } from "./cursor.ts";

/** The send flag of a leaf without a cursor (or whose cursor has no more events): after any event. */
const DONE = 2;

export class CursorHeap {
  #cursors: EventCursor[] = [];
  /** Leaves: a power of two, at least the cursors' count. */
  #leaves = 0;
  #time = new Float64Array(0);
  /** 0 for a SEND (it sorts first), 1 otherwise, DONE for a finished leaf. */
  #notSend = new Uint8Array(0);
  #machine = new Int32Array(0);
  /** Inner node i (1 <= i < leaves) holds the leaf that lost there; [0] holds the overall winner. */
  #tree = new Int32Array(1);
  #size = 0;
  /** Cursors were pushed since the tree was built (from the first `#built` cursors). */
  #stale = false;
  #built = 0;

  get size(): number {
    return this.#size;
  }

  push(cursor: EventCursor): void {
    this.#cursors.push(cursor);
    this.#size++;
    this.#stale = true;
  }

  top(): EventCursor | undefined {
    if (this.#stale) this.#build();
    return this.#size > 0 ? this.#cursors[this.#tree[0]!] : undefined;
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

  #load(leaf: number, cursor: EventCursor): void {
    const event = cursor.current!;
    this.#time[leaf] = event.trueTime;
    this.#notSend[leaf] = event.type === "SEND" ? 0 : 1;
    this.#machine[leaf] = cursor.machine;
  }

  #finish(leaf: number): void {
    this.#time[leaf] = Number.POSITIVE_INFINITY;
    this.#notSend[leaf] = DONE;
    this.#machine[leaf] = 0x7fffffff;
  }

  /** Lays the unfinished cursors out as leaves and plays every match. */
  #build(): void {
    this.#stale = false;
    const live = this.#cursors.filter((_, leaf) => leaf >= this.#built || this.#notSend[leaf] !== DONE);
    this.#cursors = live;
    this.#built = live.length;
    let leaves = 1;
    while (leaves < live.length) leaves *= 2;
    this.#leaves = leaves;
    this.#time = new Float64Array(leaves);
    this.#notSend = new Uint8Array(leaves);
    this.#machine = new Int32Array(leaves);
    for (let leaf = 0; leaf < leaves; leaf++) {
      const cursor = live[leaf];
      if (cursor === undefined) this.#finish(leaf);
      else this.#load(leaf, cursor);
    }
    const winners = new Int32Array(2 * leaves);
    for (let leaf = 0; leaf < leaves; leaf++) winners[leaves + leaf] = leaf;
    const tree = new Int32Array(leaves);
    for (let node = leaves - 1; node >= 1; node--) {
      const a = winners[2 * node]!;
      const b = winners[2 * node + 1]!;
      const bFirst = this.#before(b, a);
      winners[node] = bFirst ? b : a;
      tree[node] = bFirst ? a : b;
    }
    tree[0] = winners[1]!;
    this.#tree = tree;
  }

  /** The leaf's key changed: it plays the losers on its path to the root again. */
  #replay(leaf: number): void {
    const tree = this.#tree;
    let winner = leaf;
    for (let node = (this.#leaves + leaf) >> 1; node >= 1; node >>= 1) {
      const loser = tree[node]!;
      if (this.#before(loser, winner)) {
        tree[node] = winner;
        winner = loser;
      }
    }
    tree[0] = winner;
  }

  /** The top cursor moved to its next event: restore the order. */
  topChanged(): void {
    if (this.#stale) this.#build();
    const leaf = this.#tree[0]!;
    this.#load(leaf, this.#cursors[leaf]!);
    this.#replay(leaf);
  }

  /** Removes the top cursor (it has no more events). */
  popTop(): void {
    if (this.#stale) this.#build();
    const leaf = this.#tree[0]!;
    this.#finish(leaf);
    this.#size--;
    this.#replay(leaf);
  }
}
