// The one description of a machine event line (one line of `<machine>.jsonl`): its keys in the
// order they are written, and what each holds. The string encoder, the byte encoder and the fast
// decoder are all compiled from this table (eventLine.ts); to add a field, add it here (and to the
// EventLine type, which this table must describe: see describes.ts).
import { EVENT_TYPES, type EventLine, MESSAGE_KINDS } from "../types.ts";
import { describes } from "./describes.ts";
import { boolean, counters, number, object, oneOf, optional, text, textList, whole } from "./fieldTypes.ts";

export const EVENT_LINE = describes<EventLine>()(
  object({
    seq: whole(),
    tick: whole(),
    type: oneOf(EVENT_TYPES),
    /** Time that actually passed, ms: the host clock live, virtual time in a simulation. */
    trueTime: number(),
    /** The machine's physical clock reading, ms; without skew it equals trueTime. */
    systemTime: number({ oftenEquals: "trueTime" }),
    lamport: whole(),
    /** Absent when vector clocks are off. */
    vector: optional(counters()),
    hlc: object({ wall: whole(), logical: whole() }),
    queueLength: whole(),
    message: optional(
      object({
        id: text(),
        /** RECEIVE: the sender. */
        from: optional(text()),
        /** SEND: how the destinations were chosen. */
        kind: optional(oneOf(MESSAGE_KINDS)),
        /** SEND: the destinations. */
        to: optional(textList()),
        lamport: whole(),
        sentAt: number(),
        /** SEND: why the message could not be handed over (e.g. "router-down"). */
        failed: optional(text()),
        /** RECEIVE: this was a duplicated copy of the message. */
        duplicate: optional(boolean()),
      }),
    ),
  }),
);
