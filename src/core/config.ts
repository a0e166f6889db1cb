// The configuration contract: every key, its type, its range and its default. Pure data and
// validation only; reading files and flags lives in src/cli. Unknown keys are refused.
import { z } from "zod";
import { DEFAULT_MAX_FRAME_BYTES } from "./frame.ts";

const wholeNumber = (min: number, max: number) => z.number().int().min(min).max(max);

const physicalClockSchema = z.strictObject({
  offsetMs: z.number().min(-86_400_000).max(86_400_000).default(0),
  driftPpm: z.number().min(-1_000_000).max(1_000_000).default(0),
});

const partialClockSchema = z.strictObject({
  offsetMs: z.number().min(-86_400_000).max(86_400_000).optional(),
  driftPpm: z.number().min(-1_000_000).max(1_000_000).optional(),
});

export const configSchema = z.strictObject({
  router: z
    .strictObject({
      host: z.string().min(1).default("127.0.0.1"),
      port: wholeNumber(0, 65535).default(7400),
      token: z.string().min(8).nullable().default(null),
      maxFrameBytes: wholeNumber(256, 16 * 1024 * 1024).default(DEFAULT_MAX_FRAME_BYTES),
      startDelayMs: wholeNumber(0, 60_000).default(250),
      outputLimitBytes: wholeNumber(1024, 1024 * 1024 * 1024).default(8 * 1024 * 1024),
      slowConsumer: z.enum(["drop", "disconnect"]).default("drop"),
    })
    .prefault({}),
  run: z
    .strictObject({
      machines: wholeNumber(2, 10_000).default(3),
      durationS: z
        .number()
        .gt(0)
        .max(30 * 24 * 3600)
        .default(60),
      seed: wholeNumber(0, 0x7fffffff).nullable().default(null),
      name: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, "a name of letters, digits, _ . - (up to 100)")
        .nullable()
        .default(null),
      logDir: z.string().min(1).default("logs"),
      machinesPerProcess: wholeNumber(0, 10_000).default(0),
    })
    .prefault({}),
  machine: z
    .strictObject({
      speedMin: z.number().gt(0).max(100_000).default(1),
      speedMax: z.number().gt(0).max(100_000).default(6),
      speeds: z.array(z.number().gt(0).max(100_000)).nullable().default(null),
      actions: z
        .strictObject({
          sendFirst: wholeNumber(0, 1_000_000).default(1),
          sendSecond: wholeNumber(0, 1_000_000).default(1),
          broadcast: wholeNumber(0, 1_000_000).default(1),
          direct: wholeNumber(0, 1_000_000).default(0),
          internal: wholeNumber(0, 1_000_000).default(7),
        })
        .prefault({}),
      vectorClocks: z.union([z.literal("auto"), z.boolean()]).default("auto"),
      payloadBytes: wholeNumber(0, 60_000).default(0),
      clock: physicalClockSchema.prefault({}),
      // Per machine: only the keys given override machine.clock.
      clocks: z
        .record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "a machine id"), partialClockSchema)
        .default({}),
    })
    .prefault({}),
  sim: z
    .strictObject({
      latency: z
        .strictObject({
          distribution: z.enum(["constant", "uniform", "exponential"]).default("constant"),
          meanMs: z.number().min(0).max(3_600_000).default(1),
          minMs: z.number().min(0).max(3_600_000).default(0),
          maxMs: z.number().min(0).max(3_600_000).default(2),
        })
        .prefault({}),
      maxEvents: wholeNumber(1, Number.MAX_SAFE_INTEGER).default(100_000_000),
      startTimeMs: z.number().min(0).default(0),
      logging: z.boolean().default(true),
    })
    .prefault({}),
});

export type ClocklabConfig = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Cross-key rules that a per-key schema cannot say. Returns [path, message] pairs. */
export function crossKeyProblems(config: ClocklabConfig): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const { machine, run } = config;
  if (machine.speedMin > machine.speedMax) {
    problems.push(["machine.speedMin", `${machine.speedMin} is above machine.speedMax ${machine.speedMax}`]);
  }
  if (machine.speeds !== null && machine.speeds.length !== run.machines) {
    problems.push([
      "machine.speeds",
      `has ${machine.speeds.length} entries; expected one per machine (${run.machines})`,
    ]);
  }
  const a = machine.actions;
  if (a.sendFirst + a.sendSecond + a.broadcast + a.direct + a.internal === 0) {
    problems.push(["machine.actions", "all weights are 0; expected at least one face on the die"]);
  }
  if (config.sim.latency.minMs > config.sim.latency.maxMs) {
    problems.push(["sim.latency.minMs", `${config.sim.latency.minMs} is above sim.latency.maxMs`]);
  }
  return problems;
}
