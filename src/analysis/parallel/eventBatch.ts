// Events in true-time order packed for the trip from a reading thread to the analyser: numbers in
// typed arrays (moved, not copied), every string of a batch as one run of Latin-1 bytes with their
// lengths beside it. Only events exactly as the fast decoder builds them are packed; any other event (one that
// took the JSON.parse path) travels whole, by structured clone, so that what arrives is the same
// object the analyser would have read itself, key for key.
import { Buffer } from "node:buffer";
import type { AnalysisEvent, AnalysisEventType, AnalysisMessage } from "../event.ts";

/** What one batch holds; plain data, as postMessage carries it. */
export interface EventBatch {
  count: number;
  /** NUMS per event: seq, tick, trueTime, systemTime, lamport, hlcWall, hlcLogical, queueLength, message lamport, sentAt. */
  nums: Float64Array;
  /** INTS per event: machine, flags, number of destinations. */
  ints: Int32Array;
  /** The length of each string, in the order they were written. */
  lengths: Int32Array;
  /** Every string's characters, one byte each (Latin-1), `textBytes` of them. */
  text: Uint8Array;
  textBytes: number;
  /** The events that travel whole, in order (flag SLOW). */
  whole: AnalysisEvent[];
}

const NUMS = 10;
const INTS = 3;

const TYPES: AnalysisEventType[] = ["SEND", "RECEIVE", "INTERNAL"];
const KINDS = [undefined, "SEND_FIRST", "SEND_SECOND", "BROADCAST", "DIRECT"] as const;

const TYPE_MASK = 3;
const MESSAGE = 1 << 2;
const VECTOR = 1 << 3;
const FROM = 1 << 4;
const KIND_SHIFT = 5; // 3 bits
const TO = 1 << 8;
const FAILED = 1 << 9;
const DUPLICATE_SHIFT = 10; // 0 none, 1 false, 2 true
const SLOW = 1 << 12;

/** Packs events into batches of `capacity`; `take()` hands the full batch over and starts a new one. */
export class BatchWriter {
  readonly capacity: number;
  #nums: Float64Array;
  #ints: Int32Array;
  #lengths: Int32Array;
  #strings = 0;
  #text: Uint8Array;
  #textBytes = 0;
  /** Set when a string had a character beyond Latin-1 (its event then travels whole). */
  #wide = false;
  #whole: AnalysisEvent[] = [];
  count = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#nums = new Float64Array(capacity * NUMS);
    this.#ints = new Int32Array(capacity * INTS);
    this.#lengths = new Int32Array(capacity * 4);
    this.#text = new Uint8Array(capacity * 64);
  }

  #string(value: string): void {
    if (this.#strings === this.#lengths.length) {
      const grown = new Int32Array(this.#lengths.length * 2);
      grown.set(this.#lengths);
      this.#lengths = grown;
    }
    const length = value.length;
    this.#lengths[this.#strings++] = length;
    let at = this.#textBytes;
    if (at + length > this.#text.length) {
      const grown = new Uint8Array(Math.max(at + length, this.#text.length * 2));
      grown.set(this.#text.subarray(0, at));
      this.#text = grown;
    }
    const text = this.#text;
    let wide = 0;
    for (let i = 0; i < length; i++) {
      const c = value.charCodeAt(i);
      wide |= c;
      text[at++] = c;
    }
    if (wide > 255) this.#wide = true;
    this.#textBytes = at;
  }

  /** An event as another reader may have made it: it travels whole. */
  addWhole(machine: number, event: AnalysisEvent): void {
    const k = this.count++;
    this.#ints[k * INTS] = machine;
    this.#ints[k * INTS + 1] = SLOW;
    this.#whole.push(event);
  }

  /** An event exactly as the fast decoder made it (see fastLine.ts). */
  addFast(machine: number, event: AnalysisEvent): void {
    const strings = this.#strings;
    const textBytes = this.#textBytes;
    this.#pack(machine, event);
    if (!this.#wide) return;
    // A character that one byte cannot hold: the event goes whole instead.
    this.#wide = false;
    this.#strings = strings;
    this.#textBytes = textBytes;
    this.count--;
    this.addWhole(machine, event);
  }

  #pack(machine: number, event: AnalysisEvent): void {
    const k = this.count++;
    const nums = this.#nums;
    const n = k * NUMS;
    nums[n] = event.seq;
    nums[n + 1] = event.tick!;
    nums[n + 2] = event.trueTime;
    nums[n + 3] = event.systemTime;
    nums[n + 4] = event.lamport;
    nums[n + 5] = event.hlcWall!;
    nums[n + 6] = event.hlcLogical!;
    nums[n + 7] = event.queueLength;
    let flags = event.type === "SEND" ? 0 : event.type === "RECEIVE" ? 1 : 2;
    let destinations = 0;
    if (event.vectorText !== undefined) {
      flags |= VECTOR;
      this.#string(event.vectorText);
    }
    const message = event.message;
    if (message !== undefined) {
      flags |= MESSAGE;
      nums[n + 8] = message.lamport;
      nums[n + 9] = message.sentAt;
      this.#string(message.id);
      if (message.from !== undefined) {
        flags |= FROM;
        this.#string(message.from);
      }
      if (message.kind !== undefined) flags |= KINDS.indexOf(message.kind as never) << KIND_SHIFT;
      if (message.to !== undefined) {
        flags |= TO;
        destinations = message.to.length;
        for (const to of message.to) this.#string(to);
      }
      if (message.failed !== undefined) {
        flags |= FAILED;
        this.#string(message.failed);
      }
      if (message.duplicate !== undefined) flags |= (message.duplicate ? 2 : 1) << DUPLICATE_SHIFT;
    }
    this.#ints[k * INTS] = machine;
    this.#ints[k * INTS + 1] = flags;
    this.#ints[k * INTS + 2] = destinations;
  }

  get full(): boolean {
    return this.count >= this.capacity;
  }

  take(): EventBatch {
    const batch: EventBatch = {
      count: this.count,
      nums: this.#nums,
      ints: this.#ints,
      lengths: this.#lengths,
      text: this.#text,
      textBytes: this.#textBytes,
      whole: this.#whole,
    };
    this.#nums = new Float64Array(this.capacity * NUMS);
    this.#ints = new Int32Array(this.capacity * INTS);
    this.#lengths = new Int32Array(this.#lengths.length);
    this.#text = new Uint8Array(this.#text.length);
    this.#strings = 0;
    this.#textBytes = 0;
    this.#whole = [];
    this.count = 0;
    return batch;
  }
}

/** Reads a batch back, one event at a time, as the same objects the fast decoder builds. */
export class BatchReader {
  readonly #batch: EventBatch;
  readonly #chars: string;
  #next = 0;
  #string = 0;
  #textAt = 0;
  #whole = 0;
  machine = 0;

  constructor(batch: EventBatch) {
    this.#batch = batch;
    const { text, textBytes } = batch;
    this.#chars = Buffer.from(text.buffer, text.byteOffset, textBytes).toString("latin1");
  }

  #text(): string {
    const start = this.#textAt;
    const end = start + this.#batch.lengths[this.#string++]!;
    this.#textAt = end;
    return this.#chars.slice(start, end);
  }

  /** The next event (its machine in `machine`), or undefined at the end of the batch. */
  next(): AnalysisEvent | undefined {
    const batch = this.#batch;
    const k = this.#next;
    if (k >= batch.count) return undefined;
    this.#next = k + 1;
    const ints = batch.ints;
    this.machine = ints[k * INTS]!;
    const flags = ints[k * INTS + 1]!;
    if ((flags & SLOW) !== 0) return batch.whole[this.#whole++]!;
    const nums = batch.nums;
    const n = k * NUMS;
    const vectorText = (flags & VECTOR) === 0 ? undefined : this.#text();
    let message: AnalysisMessage | undefined;
    if ((flags & MESSAGE) !== 0) {
      const id = this.#text();
      const from = (flags & FROM) === 0 ? undefined : this.#text();
      const kind = KINDS[(flags >> KIND_SHIFT) & 7];
      let to: string[] | undefined;
      if ((flags & TO) !== 0) {
        const count = ints[k * INTS + 2]!;
        to = [];
        for (let i = 0; i < count; i++) to.push(this.#text());
      }
      const failed = (flags & FAILED) === 0 ? undefined : this.#text();
      const duplicate = (flags >> DUPLICATE_SHIFT) & 3;
      message = {
        id,
        from,
        kind,
        to,
        lamport: nums[n + 8]!,
        sentAt: nums[n + 9]!,
        failed,
        duplicate: duplicate === 0 ? undefined : duplicate === 2,
      };
    }
    return {
      seq: nums[n]!,
      tick: nums[n + 1]!,
      type: TYPES[flags & TYPE_MASK]!,
      trueTime: nums[n + 2]!,
      systemTime: nums[n + 3]!,
      lamport: nums[n + 4]!,
      vectorText,
      hlcWall: nums[n + 5]!,
      hlcLogical: nums[n + 6]!,
      queueLength: nums[n + 7]!,
      message,
    };
  }
}
