// The configuration contract: every key, its type and its range, as a zod schema. Defaults come
// from defaults.ts (the one place they live). Unknown keys are refused at every level.
//
// To add a section (say a `faults:` list): write its schema beside the others, add it to
// configSchema, add its default to CONFIG_DEFAULTS and its commented lines to config/config.yaml.
// The tests that compare the three will name whatever was forgotten.
import { z } from "zod";
import { CONFIG_DEFAULTS as D } from "./defaults.ts";
import { faultsSchema } from "./faults.ts";

const wholeNumber = (min: number, max: number) => z.number().int().min(min).max(max);

const RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const MACHINE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const offsetMs = z.number().min(-86_400_000).max(86_400_000);
const driftPpm = z.number().min(-1_000_000).max(1_000_000);

const routerSection = z.strictObject({
  host: z.string().min(1).default(D.router.host),
  port: wholeNumber(0, 65535).default(D.router.port),
  token: z.string().min(8).nullable().default(D.router.token),
  maxFrameBytes: wholeNumber(256, 16 * 1024 * 1024).default(D.router.maxFrameBytes),
  startDelayMs: wholeNumber(0, 60_000).default(D.router.startDelayMs),
  outputLimitBytes: wholeNumber(1024, 1024 * 1024 * 1024).default(D.router.outputLimitBytes),
  slowConsumer: z.enum(["drop", "disconnect"]).default(D.router.slowConsumer),
});

const runSection = z.strictObject({
  machines: wholeNumber(2, 10_000).default(D.run.machines),
  durationS: z
    .number()
    .gt(0)
    .max(30 * 24 * 3600)
    .default(D.run.durationS),
  seed: wholeNumber(0, 0x7fffffff).nullable().default(D.run.seed),
  name: z
    .string()
    .regex(RUN_NAME, "a name of letters, digits, _ . - (up to 100)")
    .nullable()
    .default(D.run.name),
  logDir: z.string().min(1).default(D.run.logDir),
  machinesPerProcess: wholeNumber(0, 10_000).default(D.run.machinesPerProcess),
});

const actionWeight = wholeNumber(0, 1_000_000);
const machineSection = z.strictObject({
  speedMin: z.number().gt(0).max(100_000).default(D.machine.speedMin),
  speedMax: z.number().gt(0).max(100_000).default(D.machine.speedMax),
  speeds: z.array(z.number().gt(0).max(100_000)).nullable().default(D.machine.speeds),
  actions: z
    .strictObject({
      sendFirst: actionWeight.default(D.machine.actions.sendFirst),
      sendSecond: actionWeight.default(D.machine.actions.sendSecond),
      broadcast: actionWeight.default(D.machine.actions.broadcast),
      direct: actionWeight.default(D.machine.actions.direct),
      internal: actionWeight.default(D.machine.actions.internal),
    })
    .prefault({}),
  vectorClocks: z.union([z.literal("auto"), z.boolean()]).default(D.machine.vectorClocks),
  payloadBytes: wholeNumber(0, 60_000).default(D.machine.payloadBytes),
  clock: z
    .strictObject({
      offsetMs: offsetMs.default(D.machine.clock.offsetMs),
      driftPpm: driftPpm.default(D.machine.clock.driftPpm),
    })
    .prefault({}),
  // Per machine: only the keys given override machine.clock.
  clocks: z
    .record(
      z.string().regex(MACHINE_ID, "a machine id (letters, digits, _ . -, up to 64)"),
      z.strictObject({ offsetMs: offsetMs.optional(), driftPpm: driftPpm.optional() }),
    )
    .default(D.machine.clocks),
});

const latencyMs = z.number().min(0).max(3_600_000);
const simSection = z.strictObject({
  latency: z
    .strictObject({
      distribution: z.enum(["constant", "uniform", "exponential"]).default(D.sim.latency.distribution),
      meanMs: latencyMs.default(D.sim.latency.meanMs),
      minMs: latencyMs.default(D.sim.latency.minMs),
      maxMs: latencyMs.default(D.sim.latency.maxMs),
    })
    .prefault({}),
  maxEvents: wholeNumber(1, Number.MAX_SAFE_INTEGER).default(D.sim.maxEvents),
  startTimeMs: z.number().min(0).default(D.sim.startTimeMs),
  logging: z.boolean().default(D.sim.logging),
});

export const configSchema = z.strictObject({
  router: routerSection.prefault({}),
  run: runSection.prefault({}),
  machine: machineSection.prefault({}),
  sim: simSection.prefault({}),
  // Faults to inject, as written (see faults.ts); checked against the run in checkConfig.
  faults: faultsSchema.default(D.faults),
});

export type ClocklabConfig = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

// Compile-time half of the defaults check: CONFIG_DEFAULTS has every key, with the right type.
const defaultsAreComplete: ClocklabConfig = D;
void defaultsAreComplete;
