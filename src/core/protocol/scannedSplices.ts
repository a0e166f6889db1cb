// What a scanned send frame becomes once routed, as bytes: its deliver frame and one router.jsonl
// "routed" line per destination, both spliced from one source. The source holds the sender's frame
// as it came, then the router's own texts written once per message (the routing time and the
// sender's id), so the time is formatted once however many destinations there are. Every spliced
// text is already what JSON.stringify writes for its value (the scanner accepts only that form;
// machine ids need no escaping), so the line is byte for byte what the line tables encode from
// the validated frame, and the deliver frame carries the same values.
import {
  compileSpliceEncoder,
  SPLICE_SOURCE_SLACK_BYTES,
  type SpliceEncoder,
} from "../logFormat/compileSpliceEncoder.ts";
import { DELIVER_FRAME } from "../logFormat/deliverFrameFormat.ts";
import {
  type ByteTarget,
  byteTarget,
  LINE_SLACK_BYTES,
  NUMBER_BOUND,
  putNumber,
  putQuoted,
  quotedBound,
} from "../logFormat/jsonBytes.ts";
import { ROUTER_LINES } from "../logFormat/routerLineFormats.ts";
import type { MachineId } from "../types.ts";
import { SEND_FIELDS, type SendScanner } from "./sendScanner.ts";

const NEWLINE = 0x0a;
/** The deliver frame's spliced fields: the send frame's (scanner indices 0..n-1), then the router's. */
const DELIVER_SPLICED = [...SEND_FIELDS, "from", "routedAt"];
/** The routed line's spliced fields; `to` is a value (one line per destination). */
const LINE_SPLICED = ["at", "id", "from", "kind", "lamport"];

/** The routed line's fields the sender wrote: in the source after their own keys, as scanned. */
const LINE_KEYED = ["id", "kind", "lamport"];

const DELIVER: SpliceEncoder<Record<string, never>> = compileSpliceEncoder(
  DELIVER_FRAME,
  DELIVER_SPLICED,
  "scannedDeliverFrame",
  SEND_FIELDS,
);
const ROUTED_LINE: SpliceEncoder<{ to: MachineId }> = compileSpliceEncoder(
  ROUTER_LINES.routed,
  LINE_SPLICED,
  "scannedRoutedLine",
  LINE_KEYED,
);
const NO_VALUES: Record<string, never> = {};

/** Copies `length` bytes of `text` into `to` at `at` (a few bytes: a loop beats a call to set); returns `length`. */
function copyText(text: Uint8Array, length: number, to: Uint8Array, at: number): number {
  for (let i = 0; i < length; i++) to[at + i] = text[i]!;
  return length;
}

export class ScannedSplices {
  readonly #scanner: SendScanner;
  #source: ByteTarget = byteTarget(new Uint8Array(1024));
  readonly #deliverStarts = new Int32Array(DELIVER_SPLICED.length);
  readonly #deliverEnds = new Int32Array(DELIVER_SPLICED.length);
  readonly #lineStarts = new Int32Array(LINE_SPLICED.length);
  readonly #lineEnds = new Int32Array(LINE_SPLICED.length);
  readonly #lineValues = { to: "" };
  readonly #id: number;
  readonly #kind: number;
  readonly #lamport: number;
  /** The last routing time's text (frames of one read share their time): formatted once. */
  #atMs = Number.NaN;
  readonly #atText = byteTarget(new Uint8Array(NUMBER_BOUND + LINE_SLACK_BYTES));
  #atLength = 0;
  /** The last sender's id as JSON text (a read's frames share their sender): written once. */
  #from = "";
  #fromText = byteTarget(new Uint8Array(0));
  #fromLength = 0;

  constructor(scanner: SendScanner) {
    this.#scanner = scanner;
    this.#id = scanner.frame.indexOf("id");
    this.#kind = scanner.frame.indexOf("kind");
    this.#lamport = scanner.frame.indexOf("lamport");
  }

  /** Takes the message the scanner accepted last, routed from `from` at `routedAtMs`. */
  prepare(from: MachineId, routedAtMs: number): void {
    const frame = this.#scanner.frame;
    const body = frame.bytes;
    const needed =
      body.length + NUMBER_BOUND + quotedBound(from.length) + LINE_SLACK_BYTES + SPLICE_SOURCE_SLACK_BYTES;
    if (this.#source.bytes.length < needed) {
      this.#source = byteTarget(new Uint8Array(Math.max(needed, 2 * this.#source.bytes.length)));
    }
    const source = this.#source;
    const bytes = source.bytes;
    bytes.set(body, 0);
    const atStart = body.length;
    if (!Object.is(routedAtMs, this.#atMs)) {
      this.#atMs = routedAtMs;
      this.#atLength = putNumber(this.#atText, 0, routedAtMs);
    }
    const atEnd = atStart + copyText(this.#atText.bytes, this.#atLength, bytes, atStart);
    if (from !== this.#from) {
      this.#from = from;
      const bound = quotedBound(from.length) + LINE_SLACK_BYTES;
      if (this.#fromText.bytes.length < bound) this.#fromText = byteTarget(new Uint8Array(bound));
      this.#fromLength = putQuoted(this.#fromText, 0, from);
    }
    const fromEnd = atEnd + copyText(this.#fromText.bytes, this.#fromLength, bytes, atEnd);
    const frameStarts = frame.starts;
    const frameEnds = frame.ends;
    const starts = this.#deliverStarts;
    const ends = this.#deliverEnds;
    const fields = SEND_FIELDS.length;
    for (let i = 0; i < fields; i++) {
      starts[i] = frameStarts[i]!;
      ends[i] = frameEnds[i]!;
    }
    starts[fields] = atEnd;
    ends[fields] = fromEnd;
    starts[fields + 1] = atStart;
    ends[fields + 1] = atEnd;
    const lineStarts = this.#lineStarts;
    const lineEnds = this.#lineEnds;
    lineStarts[0] = atStart;
    lineEnds[0] = atEnd;
    lineStarts[1] = frameStarts[this.#id]!;
    lineEnds[1] = frameEnds[this.#id]!;
    lineStarts[2] = atEnd;
    lineEnds[2] = fromEnd;
    lineStarts[3] = frameStarts[this.#kind]!;
    lineEnds[3] = frameEnds[this.#kind]!;
    lineStarts[4] = frameStarts[this.#lamport]!;
    lineEnds[4] = frameEnds[this.#lamport]!;
  }

  /** The deliver frame's JSON text (no length) into `target` from `start`; its end, or NO_ROOM. */
  deliverFrame(target: ByteTarget, start: number): number {
    return DELIVER(NO_VALUES, this.#source, this.#deliverStarts, this.#deliverEnds, target, start);
  }

  /** The routed line for destination `to`, newline included, into `target`; its end, or NO_ROOM. */
  routedLine(to: MachineId, target: ByteTarget, start: number): number {
    const values = this.#lineValues;
    values.to = to;
    const end = ROUTED_LINE(values, this.#source, this.#lineStarts, this.#lineEnds, target, start);
    if (end < 0) return end;
    // The encoder's bound keeps room for the newline (LINE_SLACK_BYTES).
    target.bytes[end] = NEWLINE;
    return end + 1;
  }
}
