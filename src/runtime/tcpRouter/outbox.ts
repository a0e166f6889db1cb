// What the TCP router has decided to write but not yet written: a batch's router.jsonl lines and
// each connection's frames, staged as bytes and written at commit in that order (the write-ahead
// log: every line is handed to the kernel before any frame of its batch goes out), with one
// socket write per connection per commit instead of one per frame. Sockets written are corked
// until `release`, so the frames of a whole read or timer batch leave together.
import type { Socket } from "node:net";
import type { ByteTarget } from "../../core/logFormat/jsonBytes.ts";
import type { RouterLogEntry } from "../../core/routerLog.ts";
import type { LineSink } from "../lineWriter.ts";
import type { ByteArena } from "./byteArena.ts";
import { LogStage } from "./logStage.ts";

/** A connection as the outbox sees it. */
export interface OutboxConnection {
  readonly socket: Socket;
  /** Set once the router closed it (or cut it off): frames still staged for it are not written. */
  readonly closing: boolean;
  /** This batch's frames for it. */
  readonly frames: ByteArena;
  /** Whether it is in the outbox's list of connections with frames staged. */
  staged: boolean;
  /** Whether its socket is corked until `release`. */
  corked: boolean;
}

export class Outbox<C extends OutboxConnection> {
  readonly #log: LogStage;
  readonly #sink: LineSink;
  readonly #onLog: ((entry: RouterLogEntry) => void) | undefined;
  readonly #staged: C[] = [];
  readonly #corked: C[] = [];

  constructor(sink: LineSink, onLog?: (entry: RouterLogEntry) => void) {
    this.#sink = sink;
    this.#onLog = onLog;
    this.#log = new LogStage(onLog !== undefined);
  }

  /** Stages one router.jsonl line (`entry` may be reused once this returns). */
  log(entry: RouterLogEntry): void {
    this.#log.add(entry);
  }

  /** Stages one router.jsonl line its caller encodes (see LogStage.addEncoded). */
  logEncoded(encode: (target: ByteTarget, start: number) => number, entry: () => RouterLogEntry): void {
    this.#log.addEncoded(encode, entry);
  }

  /** The arena to stage frames for `connection` into (append whole frames, length prefix included). */
  framesFor(connection: C): ByteArena {
    if (!connection.staged) {
      connection.staged = true;
      this.#staged.push(connection);
    }
    return connection.frames;
  }

  /**
   * Writes the staged lines (and hands them to the kernel), then each connection's frames in one
   * write; calls `afterWrite` for each connection written. Throws what the log sink throws, having
   * written no frame and forgotten the batch.
   */
  commit(afterWrite: (connection: C) => void): void {
    if (!this.#log.empty) {
      try {
        this.#log.writeTo(this.#sink, this.#onLog);
      } catch (error) {
        this.discard();
        throw error;
      }
    }
    const staged = this.#staged;
    for (let i = 0; i < staged.length; i++) {
      const connection = staged[i]!;
      connection.staged = false;
      if (connection.closing) {
        connection.frames.clear();
        continue;
      }
      if (!connection.corked) {
        connection.corked = true;
        connection.socket.cork();
        this.#corked.push(connection);
      }
      connection.socket.write(connection.frames.take());
      afterWrite(connection);
    }
    staged.length = 0;
  }

  /** Forgets what is staged (the log could not be written: nothing more goes out). */
  discard(): void {
    this.#log.clear();
    for (const connection of this.#staged) {
      connection.staged = false;
      connection.frames.clear();
    }
    this.#staged.length = 0;
  }

  /** Uncorks the sockets written since the last release: their frames leave now. */
  release(): void {
    for (const connection of this.#corked) {
      connection.corked = false;
      connection.socket.uncork();
    }
    this.#corked.length = 0;
  }
}
