// The default of every config key, as plain data: the one place defaults live.
//
// Why here and not in the zod schema or in config/config.yaml: `clocklab --help` shows every
// flag's default and must start without loading zod or a YAML parser, so the defaults are a plain
// object. The schema (schema.ts) takes each key's default from this object, and two tests hold the
// copies to it: `configSchema.parse({})` must equal CONFIG_DEFAULTS, and config/config.yaml (the
// commented file users read and copy) must list every key with exactly this value. A key added to
// one of the three and not the others fails a test.
import type { FaultSpec } from "../faults/faultSpec.ts";
import { DEFAULT_MAX_FRAME_BYTES } from "../frame.ts";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Read-only; schema.ts checks at compile time that it is a complete ClocklabConfig. */
export const CONFIG_DEFAULTS = deepFreeze({
  router: {
    host: "127.0.0.1",
    port: 7400,
    token: null,
    maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
    startDelayMs: 250,
    outputLimitBytes: 8 * 1024 * 1024,
    slowConsumer: "drop",
  },
  run: {
    machines: 3,
    durationS: 60,
    seed: null,
    name: null,
    logDir: "logs",
    machinesPerProcess: 0,
  },
  machine: {
    speedMin: 1,
    speedMax: 6,
    speeds: null,
    actions: { sendFirst: 1, sendSecond: 1, broadcast: 1, direct: 0, internal: 7 },
    vectorClocks: "auto",
    payloadBytes: 0,
    clock: { offsetMs: 0, driftPpm: 0 },
    clocks: {},
  },
  sim: {
    latency: { distribution: "constant", meanMs: 1, minMs: 0, maxMs: 2 },
    maxEvents: 100_000_000,
    startTimeMs: 0,
    logging: true,
  },
  faults: [] as FaultSpec[],
} as const);
