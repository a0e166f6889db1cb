// The types and helpers the exporters take from src/analysis and src/core, in one place.
export { type AnalysisEvent, hasVector, vectorOf } from "../../analysis/event.ts";
export type { StreamedEvent } from "../../analysis/index.ts";
export type { VectorClock } from "../../core/types.ts";
