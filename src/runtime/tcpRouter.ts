// The live router's transport: a node:net server that feeds the core Router (src/core/router.ts)
// with decoded frames and carries out the effects it returns. Every protocol and run decision is
// the core's; this file moves bytes, arms the router's one timer, enforces the per-connection
// limits (before hello: few connections and small frames; after: the output limit), and writes
// router.jsonl ahead of every frame it sends (tcpRouter/outbox.ts). A send frame that needs no
// decision beyond where it goes takes the fast path (tcpRouter/scannedSends.ts): validated by the
// byte scanner and spliced into its deliver frame without being parsed into objects.
import { createServer, type Server, type Socket } from "node:net";
import { ProtocolError } from "../core/errors.ts";
import {
  decodeFrameBody,
  encodeFrame,
  encodeFrameText,
  FrameDecoder,
  PRE_HELLO_MAX_FRAME_BYTES,
} from "../core/frame.ts";
import { deliverFrameJson } from "../core/logFormat/deliverFrame.ts";
import type { ServerFrame } from "../core/protocol.ts";
import { type ConnectionId, Router, type RouterEffect, type RouterOptions } from "../core/router.ts";
import type { RouterLogEntry } from "../core/routerLog.ts";
import { UserError } from "../core/userError.ts";
import { hostNowMs } from "./clock.ts";
import { fsUserError } from "./fsErrors.ts";
import type { LineSink } from "./lineWriter.ts";
import { ByteArena } from "./tcpRouter/byteArena.ts";
import { Outbox } from "./tcpRouter/outbox.ts";
import { ScannedSends } from "./tcpRouter/scannedSends.ts";
import { WakeTimer } from "./wakeTimer.ts";

const DEFAULT_HELLO_TIMEOUT_MS = 5000;
/** After the router closes a connection, how long the peer has to close its side. */
const CLOSE_GRACE_MS = 1000;
/**
 * Connections that have not said hello yet, at most, beyond the run's own machines (more are
 * refused at once): a run's machines may all connect at the same moment (2,000 machines in 4
 * processes open 500 connections each at once), and must not be refused as a flood.
 */
export const EXTRA_PENDING_CONNECTIONS = 256;

export type RouterLifecycleEffect = Extract<RouterEffect, { type: "started" | "ended" }>;

export interface TcpRouterOptions {
  host: string;
  port: number;
  maxFrameBytes: number;
  /** Bytes queued for one connection beyond which it counts as a slow consumer. */
  outputLimitBytes: number;
  slowConsumer: "drop" | "disconnect";
  router: RouterOptions;
  log: LineSink;
  /** How long a new connection may take to say hello (default 5 s). */
  helloTimeoutMs?: number;
  maxPendingConnections?: number;
  /** Called with every router log entry after it is written (for progress displays). */
  onLog?: (entry: RouterLogEntry) => void;
  /** The run started (with its plan) or ended. */
  onLifecycle?: (effect: RouterLifecycleEffect) => void;
  /** router.jsonl cannot be written (a full disk): the router can no longer route safely. */
  onFatal?: (error: UserError) => void;
}

export interface TcpRouterHandle {
  port: number;
  router: Router;
  /** Number of connections (past hello or not) currently open. */
  readonly connections: number;
  /** Applies a signal to the run (machines are told to stop by their own drivers). */
  interrupt(reason: string): void;
  /** Writes a line that comes from outside the router (what the launcher did for a process fault). */
  record(entry: RouterLogEntry): void;
  /** Stops accepting; waits up to `graceMs` for peers to close, then cuts the rest off. */
  close(graceMs?: number): Promise<void>;
}

interface Connection {
  id: ConnectionId;
  socket: Socket;
  decoder: FrameDecoder;
  closing: boolean;
  /** This batch's frames for it, written at the outbox's commit. */
  frames: ByteArena;
  staged: boolean;
  corked: boolean;
  greeted: boolean;
  /** Why the socket failed, for the `left` line ("connection lost (ECONNRESET)"). */
  error: string | null;
}

export async function startTcpRouter(options: TcpRouterOptions): Promise<TcpRouterHandle> {
  const transport = new TcpRouterTransport(options);
  await listen(transport.server, options.host, options.port);
  transport.server.on("error", (error: NodeJS.ErrnoException) => {
    options.onFatal?.(new UserError(`the router's server failed: ${error.code ?? error.message}`));
  });
  const address = transport.server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  return {
    port,
    router: transport.router,
    get connections() {
      return transport.connectionCount;
    },
    interrupt: (reason) => transport.apply(transport.router.interrupt(reason, hostNowMs())),
    record: (entry) => transport.apply([{ type: "log", entry }]),
    close: (graceMs = 0) => transport.close(graceMs),
  };
}

/** The router's sockets: each connection's bytes into the core Router, its effects back out. */
class TcpRouterTransport {
  readonly router: Router;
  readonly server: Server;
  readonly #options: TcpRouterOptions;
  readonly #connections = new Map<ConnectionId, Connection>();
  readonly #maxPending: number;
  readonly #timer: WakeTimer;
  #pending = 0;
  #nextConnectionId = 1;
  /** The last frame encoded: a broadcast hands the same frame to several connections. */
  #lastFrame: ServerFrame | null = null;
  #lastBytes: Uint8Array = new Uint8Array(0);
  #fatal: UserError | null = null;
  readonly #outbox: Outbox<Connection>;
  readonly #scanned: ScannedSends<Connection>;
  readonly #afterWrite = (connection: Connection) => this.#checkOutputLimit(connection);

  constructor(options: TcpRouterOptions) {
    this.#options = options;
    this.router = new Router(options.router);
    this.#outbox = new Outbox(options.log, options.onLog);
    this.#scanned = new ScannedSends(this.router, this.#outbox, (id) => this.#connections.get(id));
    this.#maxPending =
      options.maxPendingConnections ?? EXTRA_PENDING_CONNECTIONS + options.router.expectedMachines;
    this.#timer = new WakeTimer(() => this.apply(this.router.wake(hostNowMs())));
    this.server = createServer({ noDelay: true }, (socket) => this.#accept(socket));
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /**
   * Carries out effects, in order. Log lines and frames are staged in the outbox and written at
   * the end of the batch (or before a close or a lifecycle call): the lines are handed to the
   * kernel before any frame goes out, so every delivery a machine can see has its router.jsonl line
   * even if the router is killed right after (a write-ahead log, one write per connection per
   * batch). If the log cannot be written, no frame goes out: the router stops (onFatal) instead of
   * routing unrecorded.
   */
  apply(effects: RouterEffect[]): void {
    this.#stage(effects);
    this.#finish();
  }

  #stage(effects: RouterEffect[]): void {
    for (const effect of effects) {
      if (this.#fatal !== null) return;
      switch (effect.type) {
        case "log":
          this.#outbox.log(effect.entry);
          break;
        case "send":
          this.#send(effect.connection, effect.frame);
          break;
        case "close":
          if (this.#commit()) this.#close(this.#connections.get(effect.connection));
          break;
        case "started":
        case "ended":
          if (this.#commit()) this.#options.onLifecycle?.(effect);
          break;
      }
    }
  }

  /** The end of a batch: what is staged goes out. */
  #finish(): void {
    this.#commit();
    this.#outbox.release();
    const next = this.router.nextWakeMs;
    if (next === null) this.#timer.cancel();
    else this.#timer.armAt(next);
  }

  /** Stops accepting; waits up to `graceMs` for peers to close, then cuts the rest off. */
  close(graceMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#timer.cancel();
      const cut = () => {
        for (const connection of this.#connections.values()) connection.socket.destroy();
      };
      this.server.close(() => resolve());
      if (graceMs <= 0 || this.#connections.size === 0) {
        cut();
        return;
      }
      const cutTimer = setTimeout(cut, graceMs);
      const check = setInterval(() => {
        if (this.#connections.size > 0) return;
        clearInterval(check);
        clearTimeout(cutTimer);
      }, 20);
      check.unref();
    });
  }

  /** Writes what is staged; false (after telling every machine the run is over) if the log cannot be. */
  #commit(): boolean {
    if (this.#fatal !== null) return false;
    try {
      this.#outbox.commit(this.#afterWrite);
      return true;
    } catch (error) {
      const fatal = error instanceof UserError ? error : fsUserError("write", "router.jsonl", error);
      this.#fatal = fatal;
      // Nothing more can be routed with a record: tell every machine the run is over, and why.
      const end = encodeFrame({ type: "end", reason: fatal.message.slice(0, 200) });
      for (const connection of this.#connections.values()) {
        connection.closing = true;
        connection.socket.end(end);
      }
      this.#options.onFatal?.(fatal);
      return false;
    }
  }

  #send(id: ConnectionId, frame: ServerFrame): void {
    const connection = this.#connections.get(id);
    if (connection === undefined || connection.closing) return;
    if (frame !== this.#lastFrame) {
      this.#lastFrame = frame;
      this.#lastBytes =
        frame.type === "deliver" ? encodeFrameText(deliverFrameJson(frame)) : encodeFrame(frame);
    }
    this.#outbox.framesFor(connection).append(this.#lastBytes, 0, this.#lastBytes.length);
    // At once, not at the end of the chunk: a machine may send its next frame right behind its
    // hello (a rejoin with messages to send), and that frame is judged by the full limit.
    if (frame.type === "welcome") this.#greet(connection);
  }

  /** Past hello: the connection gets the full frame size and no longer counts as pending. */
  #greet(connection: Connection): void {
    if (connection.greeted) return;
    connection.greeted = true;
    connection.decoder.maxFrameBytes = this.#options.maxFrameBytes;
    this.#pending--;
  }

  #close(connection: Connection | undefined): void {
    if (connection === undefined || connection.closing) return;
    connection.closing = true;
    connection.socket.end();
    // A peer that never closes its side (half-open) must not keep the connection alive.
    setTimeout(() => connection.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** Past the output limit: mark the connection congested (drops) or cut it off (recorded). */
  #checkOutputLimit(connection: Connection): void {
    const buffered = connection.socket.writableLength;
    if (buffered <= this.#options.outputLimitBytes) return;
    if (this.#options.slowConsumer === "disconnect") {
      connection.closing = true;
      connection.socket.destroy();
      queueMicrotask(() => this.apply(this.router.cutOff(connection.id, buffered, hostNowMs())));
    } else {
      this.router.setCongested(connection.id, true);
    }
  }

  #accept(socket: Socket): void {
    if (this.#pending >= this.#maxPending || this.#fatal !== null) {
      // Refused before anything is read: a flood of connections cannot grow the router's memory.
      socket.destroy();
      return;
    }
    this.#pending++;
    const connection: Connection = {
      id: this.#nextConnectionId++,
      socket,
      decoder: new FrameDecoder(Math.min(PRE_HELLO_MAX_FRAME_BYTES, this.#options.maxFrameBytes)),
      closing: false,
      frames: new ByteArena(),
      staged: false,
      corked: false,
      greeted: false,
      error: null,
    };
    this.#connections.set(connection.id, connection);
    this.router.connect(connection.id);
    const helloTimer = this.#helloDeadline(connection);
    socket.on("data", (chunk: Buffer) => this.#read(connection, chunk));
    socket.on("drain", () => this.router.setCongested(connection.id, false));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      // Resets and the like end in "close" below, with the cause; a peer can never crash the router.
      connection.error = error.code ?? error.message;
    });
    socket.on("close", () => {
      clearTimeout(helloTimer);
      if (!connection.greeted) this.#pending--;
      this.#connections.delete(connection.id);
      const reason = connection.closing
        ? "closed"
        : `connection lost${connection.error === null ? "" : ` (${connection.error})`}`;
      this.apply(this.router.disconnect(connection.id, hostNowMs(), reason));
    });
  }

  /** A connection that never says hello (or stops halfway through its first frame) is cut off. */
  #helloDeadline(connection: Connection): NodeJS.Timeout {
    const helloTimeoutMs = this.#options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS;
    const timer = setTimeout(() => {
      if (connection.closing || this.router.machineOf(connection.id) !== null) return;
      const message = `no hello within ${helloTimeoutMs} ms; say hello first`;
      const error = new ProtocolError("HELLO_REQUIRED", message);
      this.apply(this.router.rejectUndecodable(connection.id, error, hostNowMs()));
    }, helloTimeoutMs);
    timer.unref();
    return timer;
  }

  #read(connection: Connection, chunk: Buffer): void {
    if (connection.closing) return;
    // One time for the whole chunk: its frames arrived together, and their deliveries leave
    // together at the end of it (one write per connection).
    const now = hostNowMs();
    const error = connection.decoder.pushBodies(chunk, (body) => this.#frame(connection, body, now));
    if (error !== null && this.#fatal === null) {
      this.#stage(this.router.rejectUndecodable(connection.id, error, now));
    }
    this.#finish();
  }

  /** One frame's body from `connection`; false if nothing more is to be read from it. */
  #frame(connection: Connection, body: Uint8Array, now: number): boolean {
    if (this.#fatal !== null || connection.closing) return false;
    if (this.#scanned.take(connection.id, body, now)) return true;
    const decoded = decodeFrameBody(body);
    if (!decoded.ok) {
      this.#stage(this.router.rejectUndecodable(connection.id, decoded.error, now));
      return false;
    }
    const effects = this.router.receive(connection.id, decoded.value, now);
    this.#stage(effects);
    return !effects.some((effect) => effect.type === "close" && effect.connection === connection.id);
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(
          new UserError(`router.port ${port} on ${host} is already in use; expected a free port (--port)`),
        );
      } else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") {
        reject(
          new UserError(`router.host ${host} is not an address of this machine; expected e.g. 127.0.0.1`),
        );
      } else if (error.code === "EACCES") {
        reject(new UserError(`router.port ${port}: permission denied; expected a port above 1023`));
      } else {
        reject(new UserError(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`));
      }
    });
    server.listen(port, host, () => resolve());
  });
}
