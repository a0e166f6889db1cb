// Public entry of src/analysis: read a run directory (streaming) and compute its metrics.
// No rendering here; src/report turns a RunAnalysis into tables and HTML.
export { type AnalyzeOptions, analyzeRun, DEFAULT_WINDOW_LENGTH_S } from "./analyzeRun.ts";
export { type AnalysisEvent, vectorOf } from "./event.ts";
export { type EventStream, type StreamedEvent, streamEvents } from "./eventStream.ts";
export type * from "./types.ts";
