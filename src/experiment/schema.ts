// The experiment file's shape (docs/experiments.md): a name, a mode, repeats and a duration, a
// base of config overrides and named variations. Config overrides stay raw here; configOverrides.ts
// checks them against the config schema, key by key, so errors can name the place in the file.
import { z } from "zod";
import { MAX_SEED } from "../core/random.ts";

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const name = z.string().regex(NAME_PATTERN, "a name of letters, digits, _ . - (up to 100)");
const overrides = z.record(z.string(), z.unknown());

export const variationSchema = z.strictObject({
  name,
  description: z.string().default(""),
  set: overrides.default({}),
});

export const experimentSchema = z.strictObject({
  name,
  description: z.string().default(""),
  mode: z.enum(["live", "sim"]).default("sim"),
  durationS: z
    .number()
    .gt(0)
    .max(30 * 24 * 3600),
  repeats: z.number().int().min(1).max(1000),
  seed: z.number().int().min(0).max(MAX_SEED).nullable().default(null),
  base: overrides.default({}),
  variations: z.array(variationSchema).min(1),
});

export type ExperimentFile = z.output<typeof experimentSchema>;
export type Variation = z.output<typeof variationSchema>;
export type ExperimentMode = ExperimentFile["mode"];

/** The top-level keys, for "expected one of ..." in errors. */
export const EXPERIMENT_KEYS = Object.keys(experimentSchema.shape);
export const VARIATION_KEYS = Object.keys(variationSchema.shape);
