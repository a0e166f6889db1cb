// Every frame of wire protocol version 1, described once: the router validates what machines send
// against these, machines validate what the router sends, and `clocklab` publishes them as JSON
// Schema for anyone writing a machine in another language.
import type { ProtocolErrorCode } from "../errors.ts";
import { MESSAGE_KINDS } from "../types.ts";
import { type CrossFieldRule, type FieldList, type FrameSpec, field } from "./fieldSpec.ts";

/** Ids a machine may not take: the run directory uses these names for its own files. */
export const RESERVED_IDS: ReadonlySet<string> = new Set([
  "router",
  "network",
  "run",
  "report",
  "events",
  "shiviz",
  "experiment",
  "comparison",
  "coordinator",
  "cluster",
]);

export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
export const MAX_PAYLOAD_CHARS = 60_000;
export const MAX_TICKS_PER_SECOND = 100_000;

const hlcFields: FieldList = [
  field("wall", { kind: "uint" }, "wall-clock part: the largest physical time seen, whole ms"),
  field("logical", { kind: "uint" }, "logical part: breaks ties between equal walls"),
];

/** The fields every message carries, machine to router and router to machine. */
const messageFields: FieldList = [
  field("kind", { kind: "enum", values: MESSAGE_KINDS }, "how the router resolves the destinations"),
  field(
    "id",
    { kind: "string", minChars: 1, maxChars: 200 },
    'unique per run: "<sender id>:<n>", n = 1, 2, ...',
  ),
  field("lamport", { kind: "uint" }, "the sender's Lamport clock after the send"),
  field("hlc", { kind: "object", fields: hlcFields }, "the sender's hybrid logical clock after the send"),
  field("sentAt", { kind: "number" }, "the sender's physical clock reading when it sent, ms"),
  field("to", { kind: "machineId" }, "the destination; only with kind DIRECT, and required there", true),
  field(
    "vector",
    { kind: "vector" },
    "the sender's vector clock (machine id -> counter), when vector clocks are on",
    true,
  ),
  field("payload", { kind: "string", maxChars: MAX_PAYLOAD_CHARS }, "opaque text carried along", true),
];

const onlyDirectHasTo: CrossFieldRule = {
  check(fields, where) {
    if (fields.kind === "DIRECT" && fields.to === undefined)
      return invalid(`${where}.to must be a machine id for kind DIRECT, got nothing`);
    if (fields.kind !== "DIRECT" && fields.to !== undefined)
      return invalid(`${where}.to is only allowed with kind DIRECT`);
    return null;
  },
  jsonSchema: {
    oneOf: [
      { properties: { kind: { const: "DIRECT" } }, required: ["to"] },
      {
        properties: { kind: { enum: MESSAGE_KINDS.filter((kind) => kind !== "DIRECT") } },
        not: { required: ["to"] },
      },
    ],
  },
};

const idNotReserved: CrossFieldRule = {
  check(fields, where) {
    const id = fields.id;
    if (typeof id === "string" && RESERVED_IDS.has(id.toLowerCase())) {
      return invalid(
        `${where}.id ${JSON.stringify(id)} is reserved (the run directory uses it for its own files); expected another machine id`,
      );
    }
    return null;
  },
  // Reserved names are refused in any case ("Router" too): one case-insensitive pattern, spelt out
  // letter by letter because JSON Schema patterns have no flags.
  jsonSchema: {
    not: { properties: { id: { pattern: anyCasePattern([...RESERVED_IDS]) } }, required: ["id"] },
  },
};

/** `^(?:[Rr][Oo]...|...)$`: matches exactly the given ASCII words, in any case. */
function anyCasePattern(words: readonly string[]): string {
  const letters = (word: string) =>
    [...word].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toUpperCase()}${c}]`)).join("");
  return `^(?:${words.map(letters).join("|")})$`;
}

function invalid(message: string): { code: ProtocolErrorCode; message: string } {
  return { code: "INVALID_FIELD", message };
}

const actionFields: FieldList = [
  field("sendFirst", { kind: "uint", max: 1_000_000 }, "weight of sending to the first other machine"),
  field("sendSecond", { kind: "uint", max: 1_000_000 }, "weight of sending to the second other machine"),
  field("broadcast", { kind: "uint", max: 1_000_000 }, "weight of sending to every other machine"),
  field("direct", { kind: "uint", max: 1_000_000 }, "weight of sending to one other machine at random"),
  field("internal", { kind: "uint", max: 1_000_000 }, "weight of an internal event"),
];

const clockFields: FieldList = [
  field("offsetMs", { kind: "number" }, "constant error of the physical clock, ms"),
  field(
    "driftPpm",
    { kind: "number", min: -1_000_000, max: 1_000_000 },
    "rate error from t0, parts per million",
  ),
];

const clockFaultFields: FieldList = [
  field(
    "kind",
    { kind: "enum", values: ["step", "drift", "strobe", "periodic"] },
    "what the fault does to the clock",
  ),
  field("fromMs", { kind: "number" }, "true time it starts, ms"),
  field("toMs", { kind: "number" }, "true time it ends, ms (a step lasts)", true),
  field("stepMs", { kind: "number" }, "step: how far the clock jumps (negative: back)", true),
  field(
    "driftPpm",
    { kind: "number", min: -1_000_000, max: 1_000_000 },
    "drift: extra rate error, parts per million",
    true,
  ),
  field("amplitudeMs", { kind: "number", min: 0 }, "strobe, periodic: how far off the clock swings", true),
  field("periodMs", { kind: "number", above: 0 }, "strobe, periodic: how fast it swings", true),
];

const windowFields: FieldList = [
  field("fromMs", { kind: "number" }, "true time the window opens, ms"),
  field("toMs", { kind: "number" }, "true time it closes, ms"),
];

/** What the router tells one machine in its start frame: everything it needs to run the model. */
export const planFields: FieldList = [
  field("ticksPerSecond", { kind: "number", above: 0, max: MAX_TICKS_PER_SECOND }, "this machine's speed"),
  field("clock", { kind: "object", fields: clockFields }, "this machine's physical clock error"),
  field("actions", { kind: "object", fields: actionFields }, "the action die's weights"),
  field("vectorClocks", { kind: "boolean" }, "whether messages and logs carry vector clocks"),
  field(
    "payloadBytes",
    { kind: "uint", max: MAX_PAYLOAD_CHARS },
    "size of the payload every message carries",
  ),
  field(
    "runTicksPerSecond",
    { kind: "number", above: 0 },
    "every machine's speed summed: with t0 it bounds the clock values any message of the run can carry",
  ),
  field(
    "maxClockLeadMs",
    { kind: "number", min: 0 },
    "how far ahead of true time any machine's physical clock can read: it bounds hybrid clock walls",
    true,
  ),
  field(
    "clockFaults",
    { kind: "objectList", fields: clockFaultFields },
    "clock faults of this machine: steps, drift, strobes and periodic errors of its physical clock",
    true,
  ),
  field(
    "pauses",
    { kind: "objectList", fields: windowFields },
    "process faults of this machine: windows in which it does not tick",
    true,
  ),
];

const actionsNotAllZero: CrossFieldRule = {
  check(fields, where) {
    const plan = fields.plan as { actions?: Record<string, unknown> } | undefined;
    const actions = plan?.actions;
    if (actions === undefined) return null;
    // Only the known weights count: an unknown key is dropped by validation, so it must not be
    // what keeps the die from having no faces.
    const total = actionFields.reduce((sum, { name }) => {
      const weight = actions[name];
      return sum + (typeof weight === "number" ? weight : 0);
    }, 0);
    return total === 0 ? invalid(`${where}.plan.actions must have at least one weight above 0`) : null;
  },
  jsonSchema: {
    properties: {
      plan: {
        properties: {
          actions: {
            anyOf: actionFields.map(({ name }) => ({
              properties: { [name]: { exclusiveMinimum: 0 } },
              required: [name],
            })),
          },
        },
      },
    },
  },
};

export const CLIENT_FRAMES: readonly FrameSpec[] = [
  {
    type: "hello",
    description: "the first frame on a connection: which machine this is",
    fields: [
      field("protocol", { kind: "uint" }, "the protocol version spoken: 1"),
      field("id", { kind: "machineId" }, "this machine's id, unique in the run"),
      field("token", { kind: "string", maxChars: 1024 }, "the router's shared secret, if it has one", true),
      field(
        "ticksPerSecond",
        { kind: "number", above: 0, max: MAX_TICKS_PER_SECOND },
        "a speed asked for instead of the run's plan",
        true,
      ),
      field("sent", { kind: "uint" }, "on a rejoin: how many messages this machine has sent so far", true),
    ],
    rules: [idNotReserved],
  },
  {
    type: "send",
    description: "a message for the router to forward",
    fields: messageFields,
    rules: [onlyDirectHasTo],
  },
  {
    type: "done",
    description: "this machine ran its last tick; it keeps taking deliveries until the end frame",
    fields: [
      field("ticks", { kind: "uint" }, "how many ticks it ran", true),
      field(
        "reason",
        { kind: "string", maxChars: 200 },
        'why it stopped: "duration reached", or what stopped it early (a signal)',
        true,
      ),
    ],
  },
  {
    type: "bye",
    description: "this machine leaves now (deliveries to it are dropped from here on)",
    fields: [field("reason", { kind: "string", maxChars: 200 }, "why it leaves")],
  },
];

export const SERVER_FRAMES: readonly FrameSpec[] = [
  {
    type: "welcome",
    description: "the answer to hello: the run joined",
    fields: [
      field("protocol", { kind: "uint" }, "the protocol version spoken: 1"),
      field(
        "runId",
        {
          kind: "string",
          maxChars: 100,
          pattern: RUN_ID_PATTERN,
          patternText: "a run name (1-100 of A-Z a-z 0-9 _ . -, starting with a letter or digit)",
        },
        "the run's name; machines write their logs under <log dir>/<runId>/",
      ),
      field("peers", { kind: "idList" }, "the machines that have joined so far, this one included"),
      field("seed", { kind: "uint" }, "the run's seed: every machine draws its dice from it"),
    ],
  },
  {
    type: "start",
    description: "the start barrier opened (or, on a rejoin, had opened): start ticking",
    fields: [
      field(
        "t0",
        { kind: "number" },
        "true time of tick 0, ms; tick k happens at t0 + k * 1000 / ticksPerSecond",
      ),
      field("peers", { kind: "idList" }, "every machine of the run, sorted"),
      field("endAt", { kind: "number" }, "true time at which the run ends, ms: no tick after it", true),
      field("plan", { kind: "object", fields: planFields }, "this machine's part of the run's plan", true),
    ],
    rules: [actionsNotAllZero],
  },
  {
    type: "deliver",
    description: "a message from another machine",
    fields: [
      ...messageFields,
      field("from", { kind: "machineId" }, "the sender, as the router knows it (never a claimed field)"),
      field("routedAt", { kind: "number" }, "the router's clock when it forwarded the message, ms"),
      field("duplicate", { kind: "boolean" }, "true for a copy made by a duplication fault", true),
    ],
    rules: [onlyDirectHasTo],
  },
  {
    type: "end",
    description: "the run is over: every delivery for this machine was sent before this frame",
    fields: [field("reason", { kind: "string", maxChars: 200 }, "why it ended")],
  },
  {
    type: "error",
    description: "the router refuses a frame; it closes the connection after this",
    fields: [
      field("code", { kind: "string", maxChars: 100 }, "a stable code, e.g. INVALID_FIELD"),
      field("message", { kind: "string", maxChars: 2000 }, "what was wrong and what was expected"),
    ],
  },
];
