// The one description of the deliver frame (router -> machine, one per delivery): its keys in the
// order they go on the wire and what each holds. Its JSON encoder is compiled from this table
// (deliverFrame.ts); to add a field, add it here (and to DeliverFrame in ../protocol.ts, which
// this table must describe: see describes.ts).
import type { DeliverFrame } from "../protocol.ts";
import { MESSAGE_KINDS } from "../types.ts";
import { describes } from "./describes.ts";
import { boolean, constant, counters, number, object, oneOf, optional, text, whole } from "./fieldTypes.ts";

export const DELIVER_FRAME = describes<DeliverFrame>()(
  object({
    type: constant("deliver"),
    /** The true sender, stamped by the router from the connection the message came in on. */
    from: text(),
    kind: oneOf(MESSAGE_KINDS),
    /** Only for DIRECT. */
    to: optional(text()),
    id: text(),
    lamport: whole(),
    vector: optional(counters()),
    hlc: object({ wall: whole(), logical: whole() }),
    sentAt: number(),
    payload: optional(text()),
    routedAt: number(),
    duplicate: optional(boolean()),
  }),
);
