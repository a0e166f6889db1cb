// After the runs: analyse every completed run directory, take its key metrics and build the
// comparison (the model is in src/analysis/comparison), then word its observations (with the
// report layer's wording, which the caller passes in).
import {
  buildComparison,
  type ComparedRun,
  type Comparison,
  type ExperimentHeader,
  runMetricValues,
} from "../analysis/comparison/index.ts";
import { analyzeRun } from "../analysis/index.ts";
import type { ComparisonReport } from "./comparisonReport.ts";
import type { ResolvedExperiment } from "./loadExperiment.ts";
import type { RunRecord } from "./record.ts";

export async function collectComparison(
  experiment: ResolvedExperiment,
  header: ExperimentHeader,
  runs: RunRecord[],
  report: Pick<ComparisonReport, "observations">,
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
  comparison.observations = report.observations(comparison);
  return comparison;
}
