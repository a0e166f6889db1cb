// The live router's transport: a node:net server that feeds the core Router (src/core/router.ts)
// with decoded frames and carries out the effects it returns. Every protocol and run decision is
// the core's; this file moves bytes, arms the router's one timer, enforces the per-connection
// limits (before hello: few connections and small frames; after: the output limit), and writes
// router.jsonl ahead of every frame it sends.
import { createServer, type Server, type Socket } from "node:net";
import { ProtocolError } from "../core/errors.ts";
import { encodeFrame, encodeFrameText, FrameDecoder, PRE_HELLO_MAX_FRAME_BYTES } from "../core/frame.ts";
import { deliverFrameJson } from "../core/logFormat/deliverFrame.ts";
import { routerLogJson } from "../core/logFormat/routerLine.ts";
import type { ServerFrame } from "../core/protocol.ts";
import { type ConnectionId, Router, type RouterEffect, type RouterOptions } from "../core/router.ts";
import type { RouterLogEntry } from "../core/routerLog.ts";
import { UserError } from "../core/userError.ts";
import { hostNowMs } from "./clock.ts";
import { fsUserError } from "./fsErrors.ts";
import type { LineSink } from "./lineWriter.ts";
import { WakeTimer } from "./wakeTimer.ts";

const DEFAULT_HELLO_TIMEOUT_MS = 5000;
/** After the router closes a connection, how long the peer has to close its side. */
const CLOSE_GRACE_MS = 1000;
/** Connections that have not said hello yet, at most (more are refused at once). */
const DEFAULT_MAX_PENDING_CONNECTIONS = 256;

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
  corked: boolean;
  greeted: boolean;
  /** Why the socket failed, for the `left` line ("connection lost (ECONNRESET)"). */
  error: string | null;
}

export async function startTcpRouter(options: TcpRouterOptions): Promise<TcpRouterHandle> {
  const router = new Router(options.router);
  const connections = new Map<ConnectionId, Connection>();
  const maxPending = options.maxPendingConnections ?? DEFAULT_MAX_PENDING_CONNECTIONS;
  let pending = 0;
  let nextConnectionId = 1;
  let lastFrame: ServerFrame | null = null;
  let lastBytes: Uint8Array | null = null;
  let fatal: UserError | null = null;
  const timer = new WakeTimer(() => apply(router.wake(hostNowMs())));

  const writeLog = (entry: RouterLogEntry) => {
    options.log.writeLine(routerLogJson(entry));
    options.onLog?.(entry);
  };

  /**
   * Carries out effects. Log lines are written and handed to the kernel before any frame goes
   * out, so every delivery a machine can see has its router.jsonl line even if the router is
   * killed right after (a write-ahead log, one write per batch of frames). If the log cannot be
   * written, no frame goes out: the router stops (onFatal) instead of routing unrecorded.
   */
  const apply = (effects: RouterEffect[]) => {
    if (fatal !== null) return;
    try {
      let logged = false;
      for (const effect of effects) {
        if (effect.type === "log") {
          writeLog(effect.entry);
          logged = true;
        }
      }
      if (logged) options.log.flush();
    } catch (error) {
      fatal = error instanceof UserError ? error : fsUserError("write", "router.jsonl", error);
      // Nothing more can be routed with a record: tell every machine the run is over, and why.
      const end = encodeFrame({ type: "end", reason: fatal.message.slice(0, 200) });
      for (const connection of connections.values()) {
        connection.closing = true;
        connection.socket.end(end);
      }
      options.onFatal?.(fatal);
      return;
    }
    // Cork every socket written in this batch and uncork them together: one write system call per
    // connection per batch instead of one per delivery.
    const corked: Connection[] = [];
    for (const effect of effects) {
      switch (effect.type) {
        case "send": {
          const connection = connections.get(effect.connection);
          if (connection === undefined || connection.closing) break;
          // A broadcast hands the same frame to several connections: encode it once.
          if (effect.frame !== lastFrame) {
            lastFrame = effect.frame;
            lastBytes =
              effect.frame.type === "deliver"
                ? encodeFrameText(deliverFrameJson(effect.frame))
                : encodeFrame(effect.frame);
          }
          if (!connection.corked) {
            connection.corked = true;
            connection.socket.cork();
            corked.push(connection);
          }
          connection.socket.write(lastBytes!);
          if (effect.frame.type === "welcome") greet(connection);
          checkOutputLimit(connection);
          break;
        }
        case "close":
          closeConnection(connections.get(effect.connection));
          break;
        case "started":
        case "ended":
          options.onLifecycle?.(effect);
          break;
        case "log":
          break;
      }
    }
    for (const connection of corked) {
      connection.corked = false;
      connection.socket.uncork();
    }
    const next = router.nextWakeMs;
    if (next === null) timer.cancel();
    else timer.armAt(next);
  };

  /** Past hello: the connection gets the full frame size and no longer counts as pending. */
  const greet = (connection: Connection) => {
    if (connection.greeted) return;
    connection.greeted = true;
    connection.decoder.maxFrameBytes = options.maxFrameBytes;
    pending--;
  };

  const closeConnection = (connection: Connection | undefined) => {
    if (connection === undefined || connection.closing) return;
    connection.closing = true;
    connection.socket.end();
    // A peer that never closes its side (half-open) must not keep the connection alive.
    setTimeout(() => connection.socket.destroy(), CLOSE_GRACE_MS).unref();
  };

  /** Past the output limit: mark the connection congested (drops) or cut it off (recorded). */
  const checkOutputLimit = (connection: Connection) => {
    const buffered = connection.socket.writableLength;
    if (buffered <= options.outputLimitBytes) return;
    if (options.slowConsumer === "disconnect") {
      connection.closing = true;
      connection.socket.destroy();
      queueMicrotask(() => apply(router.cutOff(connection.id, buffered, hostNowMs())));
    } else {
      router.setCongested(connection.id, true);
    }
  };

  const server: Server = createServer({ noDelay: true }, (socket) => {
    if (pending >= maxPending || fatal !== null) {
      // Refused before anything is read: a flood of connections cannot grow the router's memory.
      socket.destroy();
      return;
    }
    pending++;
    const connection: Connection = {
      id: nextConnectionId++,
      socket,
      decoder: new FrameDecoder(Math.min(PRE_HELLO_MAX_FRAME_BYTES, options.maxFrameBytes)),
      closing: false,
      corked: false,
      greeted: false,
      error: null,
    };
    connections.set(connection.id, connection);
    router.connect(connection.id);
    const helloTimeoutMs = options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS;
    // A connection that never says hello (or stops halfway through its first frame) is cut off.
    const helloTimer = setTimeout(() => {
      if (connection.closing || router.machineOf(connection.id) !== null) return;
      const message = `no hello within ${helloTimeoutMs} ms; say hello first`;
      apply(
        router.rejectUndecodable(connection.id, new ProtocolError("HELLO_REQUIRED", message), hostNowMs()),
      );
    }, helloTimeoutMs);
    helloTimer.unref();
    socket.on("data", (chunk: Buffer) => {
      if (connection.closing) return;
      const batch: RouterEffect[] = [];
      for (const decoded of connection.decoder.push(chunk)) {
        const now = hostNowMs();
        if (!decoded.ok) {
          batch.push(...router.rejectUndecodable(connection.id, decoded.error, now));
          break;
        }
        const effects = router.receive(connection.id, decoded.value, now);
        for (const effect of effects) batch.push(effect);
        if (effects.some((effect) => effect.type === "close" && effect.connection === connection.id)) break;
      }
      apply(batch);
    });
    socket.on("drain", () => router.setCongested(connection.id, false));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      // Resets and the like end in "close" below, with the cause; a peer can never crash the router.
      connection.error = error.code ?? error.message;
    });
    socket.on("close", () => {
      clearTimeout(helloTimer);
      if (!connection.greeted) pending--;
      connections.delete(connection.id);
      const reason = connection.closing
        ? "closed"
        : `connection lost${connection.error === null ? "" : ` (${connection.error})`}`;
      apply(router.disconnect(connection.id, hostNowMs(), reason));
    });
  });

  await listen(server, options.host, options.port);
  server.on("error", (error: NodeJS.ErrnoException) => {
    options.onFatal?.(new UserError(`the router's server failed: ${error.code ?? error.message}`));
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;

  return {
    port,
    router,
    get connections() {
      return connections.size;
    },
    interrupt(reason: string) {
      apply(router.interrupt(reason, hostNowMs()));
    },
    record(entry: RouterLogEntry) {
      apply([{ type: "log", entry }]);
    },
    close: (graceMs = 0) =>
      new Promise<void>((resolve) => {
        timer.cancel();
        const cut = () => {
          for (const connection of connections.values()) connection.socket.destroy();
        };
        server.close(() => resolve());
        if (graceMs <= 0 || connections.size === 0) {
          cut();
          return;
        }
        const cutTimer = setTimeout(cut, graceMs);
        const check = setInterval(() => {
          if (connections.size > 0) return;
          clearInterval(check);
          clearTimeout(cutTimer);
        }, 20);
        check.unref();
      }),
  };
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
