// How a live view's feed of one run directory is set up: replay or follow, polling, and how much
// a page gets when it connects.

export interface RunFeedOptions {
  runDir: string;
  /** Replay at this many times real time; absent or null: follow the files as they grow. */
  replaySpeed?: number | null;
  /** How often the files are polled (ms). */
  pollMs?: number;
  /** Wall clock (ms); tests may pass their own. */
  nowMs?: () => number;
  /** Events a page gets on connecting: this much true time back from the latest event... */
  snapshotSpanMs?: number;
  /** ...and at most this many. */
  snapshotMaxEvents?: number;
  /** Sample rows a page gets on connecting, and at most in one update. */
  liveSampleRows?: number;
  /** A cut last line that parses and has not changed for this long is taken as complete. */
  cutLineQuietMs?: number;
  sampleIntervalMs?: number;
  maxSampleCells?: number;
}
