// One machine's publishes of one event-loop turn, waiting for the part log's flush (see
// natsEdgeRun.ts): the subjects, and the deliver frames encoded as bytes (../../core/nats/
// deliverBytes.ts) one after another into a chunk. nats.js keeps a payload it is handed until it
// has written it to the socket, so a chunk is never written twice: when one is full, the batch
// takes a new one and the old goes when nats.js lets go of it.
import type { NatsConnection } from "@nats-io/transport-node";
import { NO_ROOM } from "../../core/logFormat/compileByteEncoder.ts";
import { type ByteTarget, byteTarget } from "../../core/logFormat/jsonBytes.ts";
import { DELIVER_FRAME_BYTES } from "../../core/nats/deliverBytes.ts";
import type { DeliverFrame } from "../../core/protocol.ts";

const CHUNK_BYTES = 64 * 1024;

export class PublishBatch {
  readonly #subjects: string[] = [];
  readonly #payloads: Uint8Array[] = [];
  #chunk: ByteTarget = byteTarget(new Uint8Array(CHUNK_BYTES));
  #used = 0;

  get size(): number {
    return this.#subjects.length;
  }

  /** Adds the publish of `frame` on `subject`, after those added before it. */
  add(subject: string, frame: DeliverFrame): void {
    let end = DELIVER_FRAME_BYTES.encode(frame, this.#chunk, this.#used);
    if (end === NO_ROOM) {
      this.#chunk = byteTarget(new Uint8Array(Math.max(CHUNK_BYTES, DELIVER_FRAME_BYTES.bound(frame))));
      this.#used = 0;
      end = DELIVER_FRAME_BYTES.encode(frame, this.#chunk, 0);
    }
    // The JSON text without the encoder's newline.
    this.#payloads.push(this.#chunk.bytes.subarray(this.#used, end - 1));
    this.#subjects.push(subject);
    this.#used = end;
  }

  /** Hands every publish to `connection` in order (what throws stops it), then empties the batch. */
  publishTo(connection: NatsConnection): void {
    const subjects = this.#subjects;
    const payloads = this.#payloads;
    try {
      for (let i = 0; i < subjects.length; i++) connection.publish(subjects[i]!, payloads[i]!);
    } finally {
      this.clear();
    }
  }

  /** Forgets the batch (its lines could not be written, so it must not go out). */
  clear(): void {
    this.#subjects.length = 0;
    this.#payloads.length = 0;
  }
}
