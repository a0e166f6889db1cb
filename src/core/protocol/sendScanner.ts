// The send frame's scanner (frameScanner.ts over the send frame's description) with what the
// router reads of a message, and the deliver frame spliced from it: the deliver frame's table
// (../logFormat/deliverFrameFormat.ts) with the message's fields taken as the sender wrote them.
import {
  compileSpliceEncoder,
  SPLICE_SOURCE_SLACK_BYTES,
  type SpliceEncoder,
} from "../logFormat/compileSpliceEncoder.ts";
import { DELIVER_FRAME } from "../logFormat/deliverFrameFormat.ts";
import type { FieldType, Shape } from "../logFormat/fieldTypes.ts";
import { type ByteTarget, byteTarget } from "../logFormat/jsonBytes.ts";
import type { MachineId, MessageKind } from "../types.ts";
import type { FieldSpec } from "./fieldSpec.ts";
import { FrameScanner } from "./frameScanner.ts";
import { CLIENT_FRAMES } from "./frames.ts";

const SEND_SPEC = CLIENT_FRAMES.find((spec) => spec.type === "send")!;

/** What the router reads of a message that came as a scanned send frame. */
export interface ScannedMessage {
  readonly kind: MessageKind;
  readonly to: MachineId | undefined;
  readonly id: string;
  readonly lamport: number;
  readonly hlcWall: number;
  readonly hlcLogical: number;
  /** The largest vector clock entry (-1: no vector, or an empty one). */
  readonly vectorMax: number;
}

/** What the router adds to a message in its deliver frame. */
export interface DeliverStamp {
  from: MachineId;
  routedAt: number;
}

export class SendScanner implements ScannedMessage {
  readonly frame = new FrameScanner(SEND_SPEC);
  kind: MessageKind = "SEND_FIRST";
  to: MachineId | undefined;
  id = "";
  lamport = 0;
  hlcWall = 0;
  hlcLogical = 0;
  vectorMax = -1;
  readonly #kind = this.frame.indexOf("kind");
  readonly #to = this.frame.indexOf("to");
  readonly #id = this.frame.indexOf("id");
  readonly #lamport = this.frame.indexOf("lamport");
  readonly #wall = this.frame.indexOf("hlc", "wall");
  readonly #logical = this.frame.indexOf("hlc", "logical");
  readonly #vector = this.frame.indexOf("vector");
  #copy: ByteTarget = byteTarget(new Uint8Array(0));

  /** Scans a frame body; true if it is a valid send frame (see FrameScanner.scan). */
  scan(body: Uint8Array): boolean {
    const frame = this.frame;
    if (!frame.scan(body)) return false;
    this.kind = frame.text(this.#kind) as MessageKind;
    this.to = frame.text(this.#to);
    this.id = frame.text(this.#id)!;
    this.lamport = frame.numbers[this.#lamport]!;
    this.hlcWall = frame.numbers[this.#wall]!;
    this.hlcLogical = frame.numbers[this.#logical]!;
    this.vectorMax = frame.has(this.#vector) ? frame.numbers[this.#vector]! : -1;
    return true;
  }

  /** The deliver frame of the message scanned last (JSON text, no length) into `target`; its end or NO_ROOM. */
  deliverFrame(stamp: DeliverStamp, target: ByteTarget, start: number): number {
    const frame = this.frame;
    // The splice reads four bytes at a time: from a copy of the frame with room past its end.
    const needed = frame.bytes.length + SPLICE_SOURCE_SLACK_BYTES;
    if (this.#copy.bytes.length < needed) this.#copy = byteTarget(new Uint8Array(Math.max(needed, 1024)));
    this.#copy.bytes.set(frame.bytes);
    return DELIVER_SPLICE(stamp, this.#copy, frame.starts, frame.ends, target, start);
  }
}

/** Whether a send field's scanned text (a `spec` value as JSON.stringify writes it) is what the table's `type` writes. */
function sameText(spec: FieldSpec, type: FieldType): boolean {
  switch (spec.kind) {
    case "uint":
      return type.kind === "whole" || type.kind === "number";
    case "number":
      return type.kind === "number";
    case "string":
    case "machineId":
      return type.kind === "text";
    case "enum":
      return type.kind === "oneOf" && spec.values.every((value) => type.values.includes(value));
    case "boolean":
      return type.kind === "boolean";
    case "vector":
      return type.kind === "counters";
    case "object":
      return type.kind === "object" && sameFields(spec.fields, type.fields);
    default:
      return false;
  }
}

function sameFields(fields: typeof SEND_SPEC.fields, shape: Shape): boolean {
  const keys = Object.keys(shape);
  return (
    fields.length === keys.length &&
    fields.every(
      (field, i) =>
        keys[i] === field.name &&
        shape[field.name]!.optional === (field.optional === true) &&
        sameText(field.spec, shape[field.name]!.type),
    )
  );
}

/** The send frame's fields (the scanner's indices 0..n-1), which the deliver frame carries as the sender wrote them. */
export const SEND_FIELDS: readonly string[] = SEND_SPEC.fields.map((field) => field.name);
const SPLICED = SEND_FIELDS;
const deliverShape = DELIVER_FRAME.type.kind === "object" ? DELIVER_FRAME.type.fields : {};
for (const field of SEND_SPEC.fields) {
  const type = deliverShape[field.name];
  const absentToo = field.optional === true && !type?.optional;
  if (type === undefined || absentToo || !sameText(field.spec, type.type)) {
    throw new Error(`send scanner: the deliver frame's ${field.name} is not written as the send frame's`);
  }
}

// The send fields' texts are copied with their keys as the scanner found them (`"kind":...`).
const DELIVER_SPLICE: SpliceEncoder<DeliverStamp> = compileSpliceEncoder(
  DELIVER_FRAME,
  SPLICED,
  "deliverFrameSplice",
  SPLICED,
);
