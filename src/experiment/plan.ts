// Every run of an experiment, variation by variation and repeat by repeat, with its directory and
// complete config. Repeat i uses the same seed in every variation (common random numbers), so
// variations are compared on the same dice.
import { join } from "node:path";
import type { ClocklabConfig } from "../core/config.ts";
import { deriveSeed } from "../core/random.ts";
import type { ResolvedExperiment } from "./loadExperiment.ts";

export interface RunSpec {
  variation: string;
  /** 1-based; also the run directory's name. */
  repeat: number;
  seed: number;
  /** logs/<experiment>/<variation> */
  variationDir: string;
  /** logs/<experiment>/<variation>/<repeat> */
  runDir: string;
  config: ClocklabConfig;
}

export function repeatSeed(experimentSeed: number, repeat: number): number {
  return deriveSeed(experimentSeed, `repeat:${repeat}`);
}

export function planRuns(
  experiment: ResolvedExperiment,
  experimentSeed: number,
  experimentDir: string,
  options: { anyPort: boolean },
): RunSpec[] {
  const runs: RunSpec[] = [];
  for (const variation of experiment.variations) {
    const variationDir = join(experimentDir, variation.name);
    for (let repeat = 1; repeat <= experiment.definition.repeats; repeat++) {
      const seed = repeatSeed(experimentSeed, repeat);
      const name = String(repeat);
      const base = variation.config;
      const config: ClocklabConfig = {
        ...base,
        // Live runs side by side cannot share a port: each router then takes any free one.
        router: options.anyPort ? { ...base.router, port: 0 } : base.router,
        run: { ...base.run, seed, name, logDir: variationDir },
      };
      runs.push({
        variation: variation.name,
        repeat,
        seed,
        variationDir,
        runDir: join(variationDir, name),
        config,
      });
    }
  }
  return runs;
}
