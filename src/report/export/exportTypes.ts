// The types and helpers the exporters take from src/analysis and src/core, in one place.
export type { AnalysisEvent, StreamedEvent } from "../../analysis/index.ts";
export { vectorOf } from "../../analysis/index.ts";
export type { VectorClock } from "../../core/types.ts";
