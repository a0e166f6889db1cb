// What the watch server needs from whoever reads the run directories (src/analysis/tail provides
// it; runtime does not import analysis): a list of runs, and for one run a feed of messages for
// the page plus the two read-only range queries. The server only carries these to browsers.
import type { RunListing, SampleColumns, ServerMessage, WireEvent } from "../../core/watch/protocol.ts";

export interface FeedSubscription {
  /** What a page needs on connecting (hello, machines, recent events and samples, status). */
  snapshot: ServerMessage[];
  /** Call once the snapshot is on its way: live messages queued meanwhile follow, then the rest. */
  start(): void;
  unsubscribe(): void;
}

export interface RunFeed {
  /**
   * Registers a listener for live messages. The snapshot and the live messages join without a
   * gap or an overlap: the listener is called only with what comes after the snapshot.
   */
  subscribe(
    listener: (message: ServerMessage) => void,
    /** Only these machines' events (snapshot and live); null or absent: all. */
    machines?: ReadonlySet<number> | null,
  ): Promise<FeedSubscription>;
  /** Events with fromMs ≤ trueTime ≤ toMs (of these machines), at most maxEvents (complete false if cut short). */
  rangeEvents(
    fromMs: number,
    toMs: number,
    maxEvents: number,
    machines?: ReadonlySet<number> | null,
  ): Promise<{ events: WireEvent[]; complete: boolean }>;
  rangeSamples(fromRow: number, toRow: number, step: number): SampleColumns;
  close(): Promise<void>;
}

export interface WatchSource {
  /** "run": one run directory; "runs": a directory of runs, each opened by name. */
  readonly kind: "run" | "runs";
  /** A name for the page's title and the terminal. */
  readonly label: string;
  listRuns(): Promise<RunListing[]>;
  /** The feed of one run (null: the single run). Unknown names throw. Feeds are shared. */
  openFeed(runName: string | null): Promise<RunFeed>;
  close(): Promise<void>;
}
