// The simulator's pending events: a binary min-heap ordered by (virtual time, insertion sequence),
// so events at equal times run in the order they were scheduled and every run is repeatable.
// Fields live in typed arrays indexed by slot and only slot numbers move in the heap: no object
// per event, which matters at millions of events per second.
//
// Beside the heap, a FIFO lane takes events that their scheduler says are likely in time order (a
// message on a link: arrivals follow the sending order when latency is constant): pushed at or after
// the lane's latest time, they are already in (time, sequence) order there, so they cost no sifting.
// An event that would break the lane's order goes into the heap. Either way the earliest of the
// heap's top and the lane's head runs next: the order is exactly the heap-only order.

/** Whatever runs an event: a machine's tick, a link delivering a frame... */
export interface EventHandler {
  handle(arg: number, data: unknown, nowMs: number): void;
}

export interface PendingEvent {
  timeMs: number;
  handler: EventHandler;
  arg: number;
  data: unknown;
}

const INITIAL_CAPACITY = 1024;

export class EventQueue {
  #heap = new Int32Array(INITIAL_CAPACITY);
  /** Events in the heap (the lane holds the others). */
  #size = 0;
  /** A ring of slots in (time, sequence) order; capacity a power of two. */
  #lane = new Int32Array(INITIAL_CAPACITY);
  #laneHead = 0;
  #laneLength = 0;
  /** Time of the lane's last event (-Infinity when it never had one). */
  #laneLastMs = Number.NEGATIVE_INFINITY;
  #time = new Float64Array(INITIAL_CAPACITY);
  #seq = new Float64Array(INITIAL_CAPACITY);
  #arg = new Int32Array(INITIAL_CAPACITY);
  #handler: (EventHandler | undefined)[] = new Array(INITIAL_CAPACITY);
  #data: unknown[] = new Array(INITIAL_CAPACITY);
  #free = new Int32Array(INITIAL_CAPACITY);
  #freeCount = 0;
  #slots = 0;
  #nextSeq = 0;

  get size(): number {
    return this.#size + this.#laneLength;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTimeMs(): number {
    const heapMs = this.#size === 0 ? Number.POSITIVE_INFINITY : this.#time[this.#heap[0]!]!;
    if (this.#laneLength === 0) return heapMs;
    const laneMs = this.#time[this.#lane[this.#laneHead]!]!;
    return Math.min(laneMs, heapMs);
  }

  /** `inOrder`: the event is likely at or after the latest one pushed so (the lane may take it). */
  push(timeMs: number, handler: EventHandler, arg: number, data: unknown, inOrder = false): void {
    const slot = this.#allocate();
    this.#time[slot] = timeMs;
    this.#seq[slot] = this.#nextSeq++;
    this.#arg[slot] = arg;
    this.#handler[slot] = handler;
    this.#data[slot] = data;
    if (inOrder && timeMs >= this.#laneLastMs) {
      this.#laneLastMs = timeMs;
      this.#pushLane(slot);
      return;
    }
    if (this.#size === this.#heap.length) this.#heap = grown(this.#heap);
    this.#siftUp(this.#size++, slot);
  }

  /** Removes the earliest event and returns its slot; read it with the accessors, then `release`. */
  pop(): number {
    if (this.#laneLength > 0) {
      const head = this.#lane[this.#laneHead]!;
      if (this.#size === 0 || this.#compare(head, this.#heap[0]!) < 0) {
        this.#laneHead = (this.#laneHead + 1) & (this.#lane.length - 1);
        this.#laneLength--;
        return head;
      }
    }
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap[--this.#size]!;
    if (this.#size > 0) this.#siftDown(0, last);
    return top;
  }

  timeOf(slot: number): number {
    return this.#time[slot]!;
  }

  handlerOf(slot: number): EventHandler {
    return this.#handler[slot]!;
  }

  argOf(slot: number): number {
    return this.#arg[slot]!;
  }

  dataOf(slot: number): unknown {
    return this.#data[slot];
  }

  release(slot: number): void {
    this.#handler[slot] = undefined;
    this.#data[slot] = undefined;
    if (this.#freeCount === this.#free.length) this.#free = grown(this.#free);
    this.#free[this.#freeCount++] = slot;
  }

  /** Every pending event, earliest first (for the end-of-run inventory; does not remove them). */
  pending(): PendingEvent[] {
    const slots = Array.from(this.#heap.subarray(0, this.#size));
    for (let i = 0; i < this.#laneLength; i++)
      slots.push(this.#lane[(this.#laneHead + i) & (this.#lane.length - 1)]!);
    slots.sort((a, b) => this.#compare(a, b));
    return slots.map((slot) => ({
      timeMs: this.#time[slot]!,
      handler: this.#handler[slot]!,
      arg: this.#arg[slot]!,
      data: this.#data[slot],
    }));
  }

  #compare(a: number, b: number): number {
    const dt = this.#time[a]! - this.#time[b]!;
    return dt !== 0 ? dt : this.#seq[a]! - this.#seq[b]!;
  }

  #pushLane(slot: number): void {
    let lane = this.#lane;
    if (this.#laneLength === lane.length) {
      // Unwrap into a ring twice the size.
      const bigger = new Int32Array(lane.length * 2);
      for (let i = 0; i < this.#laneLength; i++) bigger[i] = lane[(this.#laneHead + i) & (lane.length - 1)]!;
      this.#lane = lane = bigger;
      this.#laneHead = 0;
    }
    lane[(this.#laneHead + this.#laneLength++) & (lane.length - 1)] = slot;
  }

  #allocate(): number {
    if (this.#freeCount > 0) return this.#free[--this.#freeCount]!;
    const slot = this.#slots++;
    if (slot === this.#time.length) {
      this.#time = grown(this.#time);
      this.#seq = grown(this.#seq);
      this.#arg = grown(this.#arg);
      this.#handler.length = this.#time.length;
      this.#data.length = this.#time.length;
    }
    return slot;
  }

  #siftUp(position: number, slot: number): void {
    const heap = this.#heap;
    const times = this.#time;
    const seqs = this.#seq;
    const time = times[slot]!;
    const seq = seqs[slot]!;
    let hole = position;
    while (hole > 0) {
      const parentPosition = (hole - 1) >> 1;
      const parent = heap[parentPosition]!;
      const parentTime = times[parent]!;
      if (parentTime < time || (parentTime === time && seqs[parent]! < seq)) break;
      heap[hole] = parent;
      hole = parentPosition;
    }
    heap[hole] = slot;
  }

  #siftDown(position: number, slot: number): void {
    const heap = this.#heap;
    const times = this.#time;
    const seqs = this.#seq;
    const size = this.#size;
    const time = times[slot]!;
    const seq = seqs[slot]!;
    let hole = position;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= size) break;
      let childSlot = heap[child]!;
      let childTime = times[childSlot]!;
      const right = child + 1;
      if (right < size) {
        const rightSlot = heap[right]!;
        const rightTime = times[rightSlot]!;
        if (rightTime < childTime || (rightTime === childTime && seqs[rightSlot]! < seqs[childSlot]!)) {
          child = right;
          childSlot = rightSlot;
          childTime = rightTime;
        }
      }
      if (time < childTime || (time === childTime && seq < seqs[childSlot]!)) break;
      heap[hole] = childSlot;
      hole = child;
    }
    heap[hole] = slot;
  }
}

function grown<T extends Int32Array | Float64Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
