// The `faults:` config key: its zod schema (a list of entries, each a mapping with one kind key,
// see src/core/faults/faultSpec.ts), and the check of the list against the run it belongs to
// (machines that exist, windows inside the run, one partition at a time), which checkConfig runs
// after the schema. The schema checks without transforming: the config keeps each entry as the
// user wrote it, so it round-trips through JSON (to child processes, into run.json) unchanged.
import { z } from "zod";
import type {
  DistributionValue,
  DurationValue,
  FaultSpec,
  LatencyValue,
  LinksValue,
  LossValue,
  MachinesValue,
  PartitionValue,
  ProbabilityValue,
  WaveValue,
} from "../faults/faultSpec.ts";
import { faultEntries } from "../faults/parseEntries.ts";
import { resolveFaultSpec } from "../faults/parseEntry.ts";
import { machineIds } from "../plan.ts";
import type { ConfigProblem } from "./problems.ts";

/** A value whose form parseEntry.ts checks, with the entry around it (it knows the fault's words). */
const written = <T>() => z.custom<T>().optional();

const faultSpecShape = {
  partition: written<PartitionValue>(),
  latency: written<LatencyValue>(),
  loss: written<LossValue>(),
  duplicate: written<ProbabilityValue>(),
  reorder: written<ProbabilityValue>(),
  slow: written<DurationValue>(),
  clock: written<MachinesValue>(),
  pause: written<MachinesValue>(),
  crash: written<MachinesValue>(),
  mode: z.enum(["drop", "hold"]).optional(),
  oneWay: z.boolean().optional(),
  links: written<LinksValue>(),
  maxDelay: written<DurationValue>(),
  step: written<DurationValue>(),
  drift: written<number | string>(),
  strobe: written<WaveValue>(),
  periodic: written<WaveValue>(),
  restart: z.enum(["log", "zero", "never"]).optional(),
  at: written<DurationValue>(),
  every: written<DistributionValue>(),
  for: written<DistributionValue>(),
  from: written<DurationValue>(),
  until: written<DurationValue>(),
};

/**
 * One entry. Loose, so that the entry check sees a mistyped key and can name the nearest kind;
 * unknown keys are refused there all the same.
 */
export const faultSpecSchema = z.looseObject(faultSpecShape).superRefine((spec, context) => {
  const resolved = resolveFaultSpec(spec);
  if (resolved.ok) return;
  for (const problem of resolved.problems) {
    if (problem.kind === "unknownKey") {
      context.addIssue({ code: "unrecognized_keys", keys: [problem.key], path: [], input: spec });
    } else {
      context.addIssue({ code: "custom", path: problem.at, message: problem.expected, input: problem.value });
    }
  }
}) as unknown as z.ZodType<FaultSpec>;

export const faultsSchema = z.array(faultSpecSchema);

/** The faults' problems that need the rest of the config: the run's machines and its length. */
export function faultProblems(config: {
  faults: readonly FaultSpec[];
  run: { machines: number; durationS: number };
}): ConfigProblem[] {
  if (config.faults.length === 0) return [];
  return faultEntries(config.faults, machineIds(config.run.machines), config.run.durationS, "").problems;
}
