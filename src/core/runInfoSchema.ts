// What run.json must hold to be read back: the shape checked before a run directory's record is
// trusted. Apart from runInfo.ts so that processes that only write run directories (a machine) do
// not load the schema library.
import { z } from "zod";

const machineInfoSchema = z.object({
  id: z.string(),
  ticksPerSecond: z.number(),
  clock: z.object({ offsetMs: z.number(), driftPpm: z.number() }),
});

/** What run.json must hold to be read back (the config is checked by its own schema elsewhere). */
export const runInfoSchema = z.looseObject({
  format: z.literal("clocklab-run"),
  formatVersion: z.literal(1),
  runId: z.string(),
  mode: z.enum(["live", "sim"]),
  seed: z.number().int().min(0),
  config: z.looseObject({}),
  tokenRequired: z.boolean().optional(),
  machines: z.array(machineInfoSchema),
  versions: z.looseObject({ clocklab: z.string(), node: z.string(), protocol: z.number() }),
  createdAt: z.string(),
  t0: z.number().nullable(),
  durationS: z.number(),
  endedAt: z.string().nullable(),
  status: z.enum(["running", "completed", "interrupted", "failed"]),
  endReason: z.string().nullable(),
});
