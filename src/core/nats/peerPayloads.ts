// A receiving machine's reader of what its peers publish, from the payload's bytes. A deliver
// frame as a sender edge writes it (JSON.stringify's form: plain ASCII, no escapes) is checked by
// the wire protocol's byte scanner (protocol/frameScanner.ts, over the deliver frame's own
// description) without decoding, JSON.parse or the generic validator; its sender and id are then
// checked against the subject's sender. Anything else (a fin or a mark, unusual spellings, every invalid
// payload) goes to parsePeerMessage on the decoded text, which answers what it always did: the
// same frame, or the same error code and message. The scanner is never more lenient than the
// validator, so the two paths together accept exactly what parsePeerMessage accepts.
import { FrameScanner } from "../protocol/frameScanner.ts";
import { SERVER_FRAMES } from "../protocol/frames.ts";
import type { DeliverFrame } from "../protocol.ts";
import type { MachineId } from "../types.ts";
import { type PeerMessage, parsePeerMessage } from "./messages.ts";

const DELIVER_SPEC = SERVER_FRAMES.find((spec) => spec.type === "deliver")!;
const COLON = 0x3a;

export class PeerPayloads {
  readonly #scanner = new FrameScanner(DELIVER_SPEC);
  readonly #from = this.#scanner.indexOf("from");
  readonly #id = this.#scanner.indexOf("id");
  readonly #decoder = new TextDecoder();

  /** The payload `from` published (its subject names it), as parsePeerMessage reads it. Throws ProtocolError. */
  read(bytes: Uint8Array, from: MachineId, peers: ReadonlySet<MachineId>): PeerMessage {
    if (this.#scanner.scan(bytes) && this.#fromSender(from)) {
      return { type: "deliver", frame: this.#scanner.value() as unknown as DeliverFrame };
    }
    return parsePeerMessage(this.#decoder.decode(bytes), from, peers);
  }

  /** Whether the scanned frame's `from` is `from` and its id one of `from`'s ("<from>:..."), byte by byte. */
  #fromSender(from: MachineId): boolean {
    const scanner = this.#scanner;
    const bytes = scanner.bytes;
    // Both are JSON strings in plain ASCII (the scanner accepts no other): compare inside the quotes.
    const fromStart = scanner.starts[this.#from]! + 1;
    if (scanner.ends[this.#from]! - 1 - fromStart !== from.length) return false;
    const idStart = scanner.starts[this.#id]! + 1;
    if (scanner.ends[this.#id]! - 1 - idStart < from.length + 1) return false;
    for (let i = 0; i < from.length; i++) {
      const code = from.charCodeAt(i);
      if (bytes[fromStart + i] !== code || bytes[idStart + i] !== code) return false;
    }
    return bytes[idStart + from.length] === COLON;
  }
}
