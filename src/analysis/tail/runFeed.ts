// Follows one run directory for the live view, with no hook into the router: polls its JSONL
// files, turns new lines into events, sampled series, message fates and fault windows, and
// sends them to the pages watching it. Live, every complete line goes out as soon as it is read;
// in a replay each line waits until its trueTime comes round at the chosen speed. New files are
// picked up as they appear; a cut last line is kept until completed (or until the writer is
// gone); corrupt lines are skipped and counted. Past events are read back from disk on request.
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { compareIds } from "../../core/routing.ts";
import type { FeedStatus, SampleColumns, ServerMessage, WireEvent } from "../../core/watch/protocol.ts";
import type { FeedSubscription, RunFeed } from "../../runtime/watch/source.ts";
import { FeedListeners } from "./feedListeners.ts";
import { feedStatus } from "./feedStatus.ts";
import { MachineTable } from "./machineTable.ts";
import { byTime, readEventRanges } from "./rangeReader.ts";
import { ReplayClock } from "./replayClock.ts";
import type { RouterRecord } from "./routerLine.ts";
import type { RunFeedOptions } from "./runFeedOptions.ts";
import { addRunFiles, allHandedOn, parseFileLine } from "./runFiles.ts";
import {
  isFinished,
  plannedSpeeds,
  type RunInfoObject,
  readRunInfoObject,
  runInfoMtimeMs,
  runMeta,
  runStatusOf,
} from "./runInfo.ts";
import { RunTally } from "./runTally.ts";
import type { PendingLine, TailedFile } from "./tailedFile.ts";

const LIVE_READ_BYTES = 4 * 1024 * 1024;
const REPLAY_READ_BYTES = 64 * 1024;
const REPLAY_PENDING_LINES = 512;
const RESCAN_MS = 1000;
const RUN_INFO_MS = 500;
const STATUS_MS = 250;
const SAMPLES_MS = 200;
const MAX_POLL_MS = 1000;
const MAX_WARNINGS = 20;

export type { RunFeedOptions } from "./runFeedOptions.ts";

export class TailRunFeed implements RunFeed {
  readonly runDir: string;
  readonly #name: string;
  readonly #replaySpeed: number | null;
  readonly #pollMs: number;
  readonly #nowMs: () => number;
  readonly #snapshotSpanMs: number;
  readonly #snapshotMaxEvents: number;
  readonly #liveSampleRows: number;
  readonly #cutLineQuietMs: number;
  readonly #table = new MachineTable();
  readonly #tally: RunTally;
  readonly #warnings: string[] = [];
  readonly #files = new Map<string, TailedFile>();
  readonly #listeners = new FeedListeners();
  #info: RunInfoObject | null = null;
  #infoMtimeMs: number | null = null;
  #lastInfoCheckMs = Number.NEGATIVE_INFINITY;
  #lastScanMs = Number.NEGATIVE_INFINITY;
  #lastStatusMs = Number.NEGATIVE_INFINITY;
  #lastSamplesMs = Number.NEGATIVE_INFINITY;
  #statusVersion = 0;
  #sentStatusStamp = -1;
  #sentTableVersion = 0;
  #samplesGeneration = 0;
  #caughtUp = false;
  #ready: Promise<void>;
  #markReady: () => void = () => {};
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;
  /** A replay's clock; null when following the files live. */
  readonly #replayClock: ReplayClock | null;

  constructor(options: RunFeedOptions) {
    this.runDir = options.runDir;
    this.#name = basename(options.runDir);
    this.#replaySpeed = options.replaySpeed ?? null;
    this.#replayClock = this.#replaySpeed === null ? null : new ReplayClock(this.#replaySpeed);
    this.#pollMs = options.pollMs ?? 50;
    this.#nowMs = options.nowMs ?? (() => Date.now());
    this.#snapshotSpanMs = options.snapshotSpanMs ?? 20_000;
    this.#snapshotMaxEvents = options.snapshotMaxEvents ?? 100_000;
    this.#liveSampleRows = options.liveSampleRows ?? 2400;
    this.#cutLineQuietMs = options.cutLineQuietMs ?? 2000;
    this.#tally = new RunTally(options.sampleIntervalMs, options.maxSampleCells);
    this.#ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
  }

  /** Reads what is there (live: everything written so far) and starts polling. */
  start(): void {
    this.#checkRunInfo(true);
    for (const id of Object.keys(plannedSpeeds(this.#info)).sort(compareIds)) this.#table.indexOf(id);
    this.#sentTableVersion = 0;
    this.#scan(true);
    void this.#catchUp();
  }

  async #catchUp(): Promise<void> {
    // Live: read everything written so far before serving, in steps that let the server breathe.
    // A replay only reads the first lines of each file here; they wait for their time.
    while (!this.#closed) {
      const more = this.#poll(true);
      if (!more || this.#replaySpeed !== null) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.#caughtUp = this.#replaySpeed === null;
    this.#statusVersion++;
    this.#markReady();
    this.#schedule();
  }

  #schedule(delayMs = this.#pollMs): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      const started = process.cpuUsage();
      this.#poll(false);
      // Thousands of files make a round costly: keep polling to about a tenth of a core. CPU
      // time, not wall time, so a busy host (which stretches wall time) does not slow it down.
      const used = process.cpuUsage(started);
      const cpuMs = (used.user + used.system) / 1000;
      this.#schedule(Math.min(MAX_POLL_MS, Math.max(this.#pollMs, 9 * cpuMs)));
    }, delayMs);
  }

  #warn(text: string): void {
    if (this.#warnings.length < MAX_WARNINGS && !this.#warnings.includes(text)) {
      this.#warnings.push(text);
      this.#statusVersion++;
    }
  }

  #checkRunInfo(force: boolean): void {
    const now = this.#nowMs();
    if (!force && now - this.#lastInfoCheckMs < RUN_INFO_MS) return;
    this.#lastInfoCheckMs = now;
    const mtime = runInfoMtimeMs(this.runDir);
    if (mtime === this.#infoMtimeMs) return;
    this.#infoMtimeMs = mtime;
    const info = readRunInfoObject(this.runDir);
    if (info === null && mtime !== null) return; // being rewritten: try again later
    const before = runStatusOf(this.#info);
    this.#info = info;
    if (typeof info?.t0 === "number" && Number.isFinite(info.t0)) this.#tally.samples.setOrigin(info.t0);
    if (runStatusOf(info) !== before) this.#statusVersion++;
  }

  /** Picks up log files that appeared since the last look. */
  #scan(force: boolean): void {
    const now = this.#nowMs();
    if (!force && now - this.#lastScanMs < RESCAN_MS) return;
    this.#lastScanMs = now;
    if (!addRunFiles(this.runDir, this.#files, this.#table))
      this.#warn("the run directory cannot be listed any more (deleted?)");
  }

  /** Reads new lines from one file; returns whether it holds more to read. */
  #read(file: TailedFile, catchingUp: boolean): boolean {
    const replaying = this.#replaySpeed !== null;
    if (replaying && file.pendingCount >= REPLAY_PENDING_LINES) return true;
    const lines = file.cursor.read(replaying ? REPLAY_READ_BYTES : LIVE_READ_BYTES);
    if (file.cursor.shrankAt !== null) {
      this.#warn(`${file.name} got shorter (rewritten?); following it from its new end`);
      file.cursor.shrankAt = null;
    }
    if (file.cursor.overlongLines > 0) {
      file.skipped += file.cursor.overlongLines;
      file.cursor.overlongLines = 0;
      this.#statusVersion++;
    }
    for (const line of lines) {
      if (line.text.trim() === "") continue;
      const { parsed, timeMs } = parseFileLine(file, this.#table, line.text);
      if (parsed === null) {
        file.skipped++;
        this.#statusVersion++;
      }
      file.pending.push({ timeMs, line, parsed });
    }
    this.#takeCutLine(file, catchingUp);
    return file.cursor.behind;
  }

  /** An incomplete last line: kept while its writer may finish it, else taken or counted. */
  #takeCutLine(file: TailedFile, catchingUp: boolean): void {
    if (!file.cursor.hasPartial || file.cursor.behind) return;
    const writerGone =
      isFinished(this.#info) ||
      (file.kind === "machine" &&
        existsSync(join(this.runDir, file.name.replace(/\.jsonl$/, ".final.json"))));
    const quiet = !catchingUp && file.partialQuietMs(this.#nowMs()) >= this.#cutLineQuietMs;
    if (!writerGone && !quiet) return;
    const { parsed, timeMs } = parseFileLine(file, this.#table, file.cursor.partialText);
    if (parsed === null && !writerGone) return; // still waiting for the rest of it
    const line = file.cursor.takeRemainder()!;
    if (parsed === null) {
      file.skipped++;
      this.#statusVersion++;
    }
    file.pending.push({ timeMs, line, parsed });
  }

  /** One round: read, release what is due, update the pages. Returns whether a file has more. */
  #poll(catchingUp: boolean): boolean {
    if (this.#closed) return false;
    this.#checkRunInfo(catchingUp);
    this.#scan(catchingUp);
    let more = false;
    for (const file of this.#files.values()) if (this.#read(file, catchingUp)) more = true;
    const until =
      this.#replayClock?.dueUntilMs(this.#files.values(), this.#nowMs()) ?? Number.POSITIVE_INFINITY;
    const batch: WireEvent[] = [];
    for (const file of this.#files.values()) {
      for (let head = file.peek(); head !== undefined && head.timeMs <= until; head = file.peek()) {
        file.shift();
        this.#release(file, head, batch);
      }
    }
    if (this.#replaySpeed !== null && !this.#caughtUp && this.#replayDone()) {
      this.#caughtUp = true;
      this.#statusVersion++;
    }
    if (!catchingUp || this.#replaySpeed !== null) this.#emit(batch);
    return more;
  }

  #replayDone(): boolean {
    return isFinished(this.#info) && allHandedOn(this.#files.values());
  }

  #release(file: TailedFile, pending: PendingLine, batch: WireEvent[]): void {
    file.releasedOffset = pending.line.endOffset;
    if (pending.parsed === null) return;
    if (file.kind === "router") {
      this.#tally.countRouter(pending.parsed as RouterRecord);
      return;
    }
    const event = pending.parsed as WireEvent;
    file.events++;
    file.index.add(event.t, pending.line.startOffset);
    this.#tally.countEvent(event);
    batch.push(event);
  }

  #emit(batch: WireEvent[]): void {
    if (this.#table.version !== this.#sentTableVersion) {
      this.#sentTableVersion = this.#table.version;
      this.#listeners.broadcast(this.#machinesMessage());
    }
    if (batch.length > 0) {
      batch.sort(byTime);
      this.#listeners.broadcast({ type: "events", events: batch });
    }
    const now = this.#nowMs();
    if (this.#tally.samples.generation !== this.#samplesGeneration) {
      this.#samplesGeneration = this.#tally.samples.generation;
      this.#tally.samples.takeDirtyFrom();
      this.#lastSamplesMs = now;
      this.#listeners.broadcast({ type: "samples", samples: this.#recentSamples(), reset: true });
    } else if (now - this.#lastSamplesMs >= SAMPLES_MS) {
      // The charts redraw a few times a second: sending rows more often would be wasted.
      const dirtyFrom = this.#tally.samples.takeDirtyFrom();
      if (dirtyFrom !== null) {
        this.#lastSamplesMs = now;
        const from = Math.max(dirtyFrom, this.#tally.samples.rows - this.#liveSampleRows);
        this.#listeners.broadcast({
          type: "samples",
          samples: this.#tally.samples.columns(from, this.#tally.samples.rows - 1),
        });
      }
    }
    const stamp = this.#statusVersion + this.#tally.version;
    if (stamp !== this.#sentStatusStamp && now - this.#lastStatusMs >= STATUS_MS) {
      this.#lastStatusMs = now;
      this.#sentStatusStamp = stamp;
      this.#listeners.broadcast({ type: "status", status: this.status() });
    }
  }

  #machinesMessage(): ServerMessage {
    return { type: "machines", ids: [...this.#table.ids] };
  }

  #recentSamples(): SampleColumns {
    const rows = this.#tally.samples.rows;
    return this.#tally.samples.columns(Math.max(0, rows - this.#liveSampleRows), rows - 1);
  }

  status(): FeedStatus {
    return feedStatus(this.#files.values(), this.#tally, this.#info, this.#warnings, this.#caughtUp);
  }

  async subscribe(
    send: (message: ServerMessage) => void,
    machines: ReadonlySet<number> | null = null,
  ): Promise<FeedSubscription> {
    // A replay starts when the first page connects, so nobody misses its beginning.
    this.#replayClock?.startOnce(this.#nowMs());
    await this.#ready;
    const listener = this.#listeners.add(send, machines);
    const limits = this.#releasedOffsets(machines);
    const tableVersion = this.#table.version;
    const snapshot: ServerMessage[] = [
      { type: "hello", run: runMeta(this.#name, this.#info, this.#replaySpeed) },
      this.#machinesMessage(),
      { type: "status", status: this.status() },
      { type: "samples", samples: this.#recentSamples(), reset: true },
    ];
    const latest = this.#tally.latestMs;
    if (latest !== null) {
      const fromMs = latest - this.#snapshotSpanMs;
      const range = await this.#rangeEvents(fromMs, latest, this.#snapshotMaxEvents, limits);
      const heldFromMs = range.complete ? fromMs : (range.events[0]?.t ?? fromMs);
      snapshot.push({ type: "events", events: range.events, snapshot: true, fromMs: heldFromMs });
    } else {
      snapshot.push({ type: "events", events: [], snapshot: true, fromMs: Number.MIN_SAFE_INTEGER });
    }
    if (this.#table.version !== tableVersion) snapshot.push(this.#machinesMessage());
    return {
      snapshot,
      start: () => this.#listeners.start(listener),
      unsubscribe: () => this.#listeners.remove(listener),
    };
  }

  #releasedOffsets(machines: ReadonlySet<number> | null = null): Map<TailedFile, number> {
    const limits = new Map<TailedFile, number>();
    for (const file of this.#files.values()) {
      if (file.kind === "machine" && (machines === null || machines.has(file.machine))) {
        limits.set(file, file.releasedOffset);
      }
    }
    return limits;
  }

  async #rangeEvents(
    fromMs: number,
    toMs: number,
    maxEvents: number,
    limits: Map<TailedFile, number>,
  ): Promise<{ events: WireEvent[]; complete: boolean }> {
    const reads = [...limits].map(([file, limitOffset]) => ({
      path: file.cursor.path,
      machine: file.machine,
      startOffset: file.index.startFor(fromMs),
      limitOffset,
      fromMs,
      toMs,
    }));
    const events = await readEventRanges(reads, this.#table);
    if (events.length <= maxEvents) return { events, complete: true };
    return { events: events.slice(events.length - maxEvents), complete: false };
  }

  async rangeEvents(
    fromMs: number,
    toMs: number,
    maxEvents: number,
    machines: ReadonlySet<number> | null = null,
  ): Promise<{ events: WireEvent[]; complete: boolean }> {
    await this.#ready;
    return this.#rangeEvents(fromMs, toMs, maxEvents, this.#releasedOffsets(machines));
  }

  rangeSamples(fromRow: number, toRow: number, step: number): SampleColumns {
    return this.#tally.samples.columns(fromRow, toRow, step);
  }

  /** Pages watching this feed now. */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Resolves once the files written so far have been read. */
  whenReady(): Promise<void> {
    return this.#ready;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#listeners.clear();
    this.#markReady();
  }
}

/** Starts following a run directory (see TailRunFeed). */
export function startRunFeed(options: RunFeedOptions): TailRunFeed {
  const feed = new TailRunFeed(options);
  feed.start();
  return feed;
}
