// The live view's messages between the watch server and the page (types only, no code): what a
// run feed sends over the WebSocket, and the two read-only queries the page may send back. The
// analysis side produces these, the runtime server forwards them, the page (src/web) reads them.
// Machines travel as indexes into the run's machine table (`machines` message) to keep lines short.

/** One machine event, compacted from a `<id>.jsonl` line. */
export interface WireEvent {
  /** Machine index in the machine table. */
  m: number;
  seq: number;
  kind: "SEND" | "RECEIVE" | "INTERNAL";
  /** trueTime, ms. */
  t: number;
  /** systemTime (the machine's physical clock), ms. */
  st: number;
  lamport: number;
  queueLength: number;
  hlcWall?: number;
  hlcLogical?: number;
  /** Vector clock by machine index (missing entries are 0); absent when the run has none. */
  v?: number[];
  /** The message: its id, the Lamport value and sentAt it carries. */
  msgId?: string;
  msgLamport?: number;
  msgSentAt?: number;
  /** SEND: destination indexes. */
  to?: number[];
  /** RECEIVE: sender index. */
  from?: number;
  /** SEND: SEND_FIRST, BROADCAST... */
  msgKind?: string;
  /** SEND: why it could not be handed to the router. */
  failed?: string;
}

/** A fault window from router.jsonl `fault` lines; `endMs` null while it lasts, `startMs` null if its start is not in the log. */
export interface FaultWindow {
  fault: string;
  kind: string;
  targets: string[];
  startMs: number | null;
  endMs: number | null;
}

/** Message fates so far (every delivery a SEND asked for has exactly one). */
export interface FatesSoFar {
  sent: number;
  delivered: number;
  dropped: Record<string, number>;
  /** sent − delivered − dropped: on a link or in a receiver's queue. */
  inFlightOrQueued: number;
}

export interface RunMeta {
  /** The run directory's name (never a path). */
  name: string;
  mode: string | null;
  status: string | null;
  t0: number | null;
  durationS: number | null;
  /** Configured speeds by machine id. */
  ticksPerSecond: Record<string, number>;
  /** Replay speed (× real time), or null when following the files as they grow. */
  replaySpeed: number | null;
}

export interface FeedStatus {
  runStatus: string | null;
  /** Largest trueTime seen so far (ms), null before the first event. */
  latestMs: number | null;
  /** Smallest trueTime seen (ms). */
  earliestMs: number | null;
  fates: FatesSoFar;
  /** Lines skipped (corrupt, cut off, overlong) by file name. */
  skippedLines: Record<string, number>;
  /** Files whose last line is incomplete for now (it may still be completed). */
  pendingCutLines: string[];
  /** router.jsonl lines of types the view does not know, by type. */
  otherRouterLines: Record<string, number>;
  faults: FaultWindow[];
  warnings: string[];
  /** True once a replay has released every line (or a finished run was read to its end). */
  caughtUp: boolean;
  vectorClocks: boolean;
  events: number;
}

/**
 * Sampled series on a grid of true time (row r is at originMs + r × intervalMs): per machine
 * (outer index), per row, the value of its last event at or before that instant; null before
 * its first event.
 */
export interface SampleColumns {
  intervalMs: number;
  originMs: number;
  fromRow: number;
  /** Every `step`-th row from fromRow. */
  step: number;
  rows: number;
  lamport: Array<Array<number | null>>;
  queueLength: Array<Array<number | null>>;
  /** hlc.wall − floor(systemTime), ms. */
  hlcAheadMs: Array<Array<number | null>>;
}

export type ServerMessage =
  | { type: "hello"; run: RunMeta }
  | { type: "machines"; ids: string[] }
  | { type: "status"; status: FeedStatus }
  /** New events, in trueTime order. `snapshot` marks the ones sent on connecting. */
  | { type: "events"; events: WireEvent[]; snapshot?: true; fromMs?: number }
  /** Sample rows that changed; `reset` when the grid was coarsened (drop what you hold). */
  | { type: "samples"; samples: SampleColumns; reset?: true }
  | {
      type: "rangeEvents";
      requestId: number;
      fromMs: number;
      toMs: number;
      events: WireEvent[];
      complete: boolean;
    }
  | { type: "rangeSamples"; requestId: number; samples: SampleColumns }
  | { type: "error"; message: string };

/**
 * The only things a page can ask for: reads of what the run already wrote, and which machines'
 * live events it wants (a page that draws 12 lanes of 100 machines need not parse all of them).
 */
export type ClientMessage =
  /** Events in [fromMs, toMs], of these machines only when `machines` is given. */
  | { type: "rangeEvents"; requestId: number; fromMs: number; toMs: number; machines?: number[] }
  | { type: "rangeSamples"; requestId: number; fromRow: number; toRow: number; step: number }
  /** From now on, live events of these machines only (null: all); answered with a fresh snapshot. */
  | { type: "lanes"; requestId: number; machines: number[] | null };

/** One run of a directory of runs, for the list page. */
export interface RunListing {
  name: string;
  mode: string | null;
  status: string | null;
  createdAt: string | null;
  machines: number;
}
