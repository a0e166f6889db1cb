// The one description of each kind of router.jsonl line, by its `type`: keys in the order they are
// written and what each holds. Every encoder and decoder of router lines is compiled from these
// tables (routerLine.ts). "routed" lines come by the million, "dropped" ones by the thousand; the
// rest are rare but described the same way. To add a field or a line type, edit this file (and
// RouterLogEntry in ../routerLog.ts, which each table must describe: see describes.ts).
import { FAULT_PHASES, type RouterLogEntry } from "../routerLog.ts";
import { MESSAGE_KINDS } from "../types.ts";
import { describes } from "./describes.ts";
import {
  boolean,
  constant,
  type Field,
  number,
  object,
  oneOf,
  optional,
  text,
  textList,
  textOrNull,
  whole,
} from "./fieldTypes.ts";

type Entry<T extends RouterLogEntry["type"]> = Extract<RouterLogEntry, { type: T }>;

export const ROUTER_LINES = {
  routed: describes<Entry<"routed">>()(
    object({
      type: constant("routed"),
      at: number(),
      id: text(),
      from: text(),
      to: text(),
      kind: oneOf(MESSAGE_KINDS),
      lamport: whole(),
      duplicate: optional(boolean()),
    }),
  ),
  dropped: describes<Entry<"dropped">>()(
    object({
      type: constant("dropped"),
      at: number(),
      id: text(),
      from: text(),
      /** null when the message had no destination. */
      to: textOrNull(),
      kind: oneOf(MESSAGE_KINDS),
      lamport: whole(),
      reason: text(),
      /** The fault that dropped it (partition, loss). */
      fault: optional(text()),
      duplicate: optional(boolean()),
    }),
  ),
  held: describes<Entry<"held">>()(
    object({
      type: constant("held"),
      at: number(),
      id: text(),
      from: text(),
      to: text(),
      kind: oneOf(MESSAGE_KINDS),
      lamport: whole(),
      dueAt: number(),
      fault: textOrNull(),
      duplicate: optional(boolean()),
    }),
  ),
  "held-at-end": describes<Entry<"held-at-end">>()(
    object({
      type: constant("held-at-end"),
      at: number(),
      id: text(),
      from: text(),
      to: text(),
      dueAt: number(),
      duplicate: optional(boolean()),
    }),
  ),
  joined: describes<Entry<"joined">>()(
    object({
      type: constant("joined"),
      at: number(),
      id: text(),
      rejoin: boolean(),
      ticksPerSecond: optional(number()),
    }),
  ),
  left: describes<Entry<"left">>()(
    object({ type: constant("left"), at: number(), id: text(), reason: text() }),
  ),
  started: describes<Entry<"started">>()(
    object({
      type: constant("started"),
      at: number(),
      t0: number(),
      peers: textList(),
      endAt: optional(number()),
    }),
  ),
  done: describes<Entry<"done">>()(
    object({
      type: constant("done"),
      at: number(),
      id: text(),
      ticks: optional(whole()),
      reason: optional(text()),
    }),
  ),
  "cut-off": describes<Entry<"cut-off">>()(
    object({
      type: constant("cut-off"),
      at: number(),
      id: text(),
      reason: oneOf(["slow-consumer"]),
      bufferedBytes: whole(),
    }),
  ),
  "lost-sends": describes<Entry<"lost-sends">>()(
    object({
      type: constant("lost-sends"),
      at: number(),
      from: text(),
      firstSeq: whole(),
      lastSeq: whole(),
      cause: text(),
    }),
  ),
  ended: describes<Entry<"ended">>()(
    object({
      type: constant("ended"),
      at: number(),
      status: oneOf(["completed", "interrupted"]),
      reason: text(),
    }),
  ),
  "process-fault": describes<Entry<"process-fault">>()(
    object({
      type: constant("process-fault"),
      at: number(),
      fault: text(),
      machine: text(),
      action: oneOf(["paused", "resumed", "killed", "restarted", "restart-failed"]),
      detail: optional(text()),
    }),
  ),
  resumed: describes<Entry<"resumed">>()(
    object({ type: constant("resumed"), at: number(), t0: number(), peers: textList() }),
  ),
  rejected: describes<Entry<"rejected">>()(
    object({
      type: constant("rejected"),
      at: number(),
      connection: whole(),
      id: textOrNull(),
      code: text(),
      message: text(),
      /** For a refused send: the message's id. */
      messageId: optional(text()),
    }),
  ),
  part: describes<Entry<"part">>()(
    object({
      type: constant("part"),
      at: number(),
      runId: text(),
      part: text(),
      host: text(),
      machines: textList(),
    }),
  ),
  transport: describes<Entry<"transport">>()(
    object({
      type: constant("transport"),
      at: number(),
      id: text(),
      event: oneOf(["connected", "disconnected", "reconnected", "slow-consumer", "error", "closed"]),
      server: optional(text()),
      detail: optional(text()),
    }),
  ),
  "link-lost": describes<Entry<"link-lost">>()(
    object({
      type: constant("link-lost"),
      at: number(),
      from: text(),
      to: text(),
      lost: number(),
      copies: whole(),
      reason: text(),
    }),
  ),
  "link-unreconciled": describes<Entry<"link-unreconciled">>()(
    object({
      type: constant("link-unreconciled"),
      at: number(),
      from: text(),
      to: text(),
      arrived: whole(),
      reason: text(),
    }),
  ),
  refused: describes<Entry<"refused">>()(
    object({
      type: constant("refused"),
      at: number(),
      from: text(),
      to: text(),
      code: text(),
      message: text(),
      messageId: optional(text()),
    }),
  ),
  fault: describes<Entry<"fault">>()(
    object({
      type: constant("fault"),
      at: number(),
      phase: oneOf(FAULT_PHASES),
      fault: text(),
      kind: text(),
      targets: textList(),
      groups: optional(textList()),
      source: text(),
    }),
  ),
} as const satisfies { [T in RouterLogEntry["type"]]: Field };
