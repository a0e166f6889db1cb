// Deliveries the router holds until they are due (a latency fault, a partition holding messages
// until it heals), earliest first; deliveries due at the same time leave in the order they came,
// which keeps each link in order.
import type { MachineId, OutboundMessage } from "../types.ts";

export interface PendingDelivery {
  dueAtMs: number;
  /** Arrival order, to break ties. */
  seq: number;
  from: MachineId;
  to: MachineId;
  message: OutboundMessage;
  duplicate: boolean;
}

export class PendingDeliveries {
  readonly #heap: PendingDelivery[] = [];
  #nextSeq = 0;

  get size(): number {
    return this.#heap.length;
  }

  /** When the earliest is due; null when none is held. */
  nextDueMs(): number | null {
    return this.#heap[0]?.dueAtMs ?? null;
  }

  push(delivery: Omit<PendingDelivery, "seq">): void {
    const heap = this.#heap;
    const item: PendingDelivery = { ...delivery, seq: this.#nextSeq++ };
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  /** Takes every delivery due by `nowMs`, in due order. */
  takeDue(nowMs: number): PendingDelivery[] {
    const out: PendingDelivery[] = [];
    while (this.#heap.length > 0 && this.#heap[0]!.dueAtMs <= nowMs) out.push(this.#pop());
    return out;
  }

  /** Takes everything still held (the end of the run), in due order. */
  takeAll(): PendingDelivery[] {
    const out: PendingDelivery[] = [];
    while (this.#heap.length > 0) out.push(this.#pop());
    return out;
  }

  #pop(): PendingDelivery {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before(a: PendingDelivery, b: PendingDelivery): boolean {
  return a.dueAtMs < b.dueAtMs || (a.dueAtMs === b.dueAtMs && a.seq < b.seq);
}
