// After the runs: analyse every completed run directory (src/analysis), take its key metrics,
// and build the comparison with its observations.
import { analyzeRun } from "../analysis/index.ts";
import { comparisonObservations } from "../report/comparison/index.ts";
import { buildComparison, type ComparedRun, type Comparison, type ExperimentHeader } from "./comparison.ts";
import type { ResolvedExperiment } from "./loadExperiment.ts";
import type { RunRecord } from "./record.ts";
import { runMetricValues } from "./runMetrics.ts";

export async function collectComparison(
  experiment: ResolvedExperiment,
  header: ExperimentHeader,
  runs: RunRecord[],
): Promise<Comparison> {
  const compared: ComparedRun[] = [];
  for (const run of runs) {
    if (run.status !== "completed" && run.status !== "skipped") continue;
    const analysis = await analyzeRun(run.dir);
    compared.push({
      variation: run.variation,
      repeat: run.repeat,
      seed: run.seed,
      dir: run.dir,
      values: runMetricValues(analysis),
    });
  }
  const comparison = buildComparison(
    header,
    experiment.variations.map(({ name, description, set }) => ({ name, description, set })),
    compared,
  );
  comparison.observations = comparisonObservations(comparison);
  return comparison;
}
