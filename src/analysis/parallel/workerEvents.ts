// The analyser's side of the reading threads (readWorker.ts): starts them on shares of a run's
// machine logs and gives each one's stream as a cursor, to be merged once more into one true-time
// order (with any logs the analyser reads itself). Each stream is a cursor whose machine is that
// of its current event, so the CursorHeap's order across streams is the order across all logs.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Advance, EventCursor, FileProblems } from "../cursor.ts";
import type { AnalysisEvent } from "../event.ts";
import type { LogReport, MachineLog } from "../mergedEvents.ts";
import { BatchReader } from "./eventBatch.ts";
import type { ReadWorkerData, ReadWorkerMessage } from "./readWorker.ts";

const BATCH_EVENTS = 8192;
const AHEAD = 4;

/** The built reading thread's script (from src/, the one in dist/), or null if there is none. */
export function readWorkerScript(): URL | null {
  const here = import.meta.url;
  const url = here.endsWith(".ts")
    ? new URL(
        here.replace(/\/src\/analysis\/parallel\/workerEvents\.ts$/, "/dist/analysis/parallel/readWorker.js"),
      )
    : new URL("./readWorker.js", here);
  return url.href !== here && existsSync(fileURLToPath(url)) ? url : null;
}

/** One reading thread's events, as a cursor. */
class WorkerStream implements EventCursor {
  readonly file = "";
  readonly problems: FileProblems = {
    badItems: 0,
    firstBadItem: null,
    truncated: false,
    overlongLines: 0,
    slowPathLines: 0,
  };
  current: AnalysisEvent | undefined;
  readonly #worker: Worker;
  readonly #queue: ReadWorkerMessage[] = [];
  #waiting: { resolve: () => void; reject: (error: Error) => void } | null = null;
  #failed: Error | null = null;
  #reader: BatchReader | null = null;
  #ended = false;
  #sawEnd = false;
  opened: Extract<ReadWorkerMessage, { kind: "opened" }> | null = null;
  reports: LogReport[] = [];

  constructor(script: URL, data: ReadWorkerData) {
    this.#worker = new Worker(script, { workerData: data });
    this.#worker.unref();
    this.#worker.on("message", (message: ReadWorkerMessage) => {
      if (message.kind === "end") this.#sawEnd = true;
      this.#queue.push(message);
      this.#wake();
    });
    this.#worker.on("error", (error) => {
      this.#failed = error;
      this.#wake();
    });
    this.#worker.on("exit", (code) => {
      if (!this.#sawEnd && this.#failed === null)
        this.#failed = new Error(`analysis reading thread exited (${code})`);
      this.#wake();
    });
  }

  get machine(): number {
    return this.#reader?.machine ?? 0;
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = null;
    if (waiting === null) return;
    if (this.#queue.length === 0 && this.#failed !== null) waiting.reject(this.#failed);
    else waiting.resolve();
  }

  /**
   * The thread keeps the process alive only while the analyser waits for it: an analysis that
   * failed half-way leaves it waiting, and the process still ends.
   */
  async #message(): Promise<ReadWorkerMessage> {
    this.#worker.ref();
    try {
      while (this.#queue.length === 0) {
        if (this.#failed !== null) throw this.#failed;
        await new Promise<void>((resolve, reject) => (this.#waiting = { resolve, reject }));
      }
      return this.#queue.shift()!;
    } finally {
      this.#worker.unref();
    }
  }

  async start(): Promise<void> {
    const message = await this.#message();
    if (message.kind !== "opened") throw new Error("analysis reading thread: expected its logs opened");
    this.opened = message;
  }

  advance(): Advance {
    for (;;) {
      if (this.#reader !== null) {
        const event = this.#reader.next();
        if (event !== undefined) {
          this.current = event;
          return true;
        }
        this.#reader = null;
        this.#worker.postMessage("more");
      }
      if (this.#ended) {
        this.current = undefined;
        return false;
      }
      const message = this.#queue[0];
      if (message === undefined) return "fill";
      this.#queue.shift();
      if (message.kind === "batch") this.#reader = new BatchReader(message.batch);
      else if (message.kind === "end") {
        this.reports = message.reports;
        this.#ended = true;
      }
    }
  }

  async fill(): Promise<void> {
    this.#queue.unshift(await this.#message());
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}

export interface ReadingThreads {
  /** Each thread's events, as cursors to merge (with any cursors read here). */
  streams: EventCursor[];
  /** Logs that could not be opened, by machine index. */
  failures: Array<{ index: number; code: string }>;
  /** Machines with events. */
  participating: number[];
  /** After the last event (or an error): stops the threads; what each log's reading found. */
  finish(): Promise<LogReport[]>;
}

/** Starts a reading thread for each share of the logs (that is not empty). */
export async function startReadingThreads(
  script: URL,
  shares: MachineLog[][],
  machines: number,
  chunkBytes: number,
): Promise<ReadingThreads> {
  const streams = shares
    .filter((share) => share.length > 0)
    .map(
      (share) =>
        new WorkerStream(script, {
          logs: share,
          machines,
          chunkBytes,
          batchEvents: BATCH_EVENTS,
          ahead: AHEAD,
        }),
    );
  const finish = async () => {
    for (const stream of streams) await stream.close();
    return streams.flatMap((s) => s.reports);
  };
  try {
    for (const stream of streams) await stream.start();
  } catch (error) {
    await finish();
    throw error;
  }
  return {
    streams,
    failures: streams.flatMap((s) => s.opened!.failures),
    participating: streams.flatMap((s) => s.opened!.participating),
    finish,
  };
}
