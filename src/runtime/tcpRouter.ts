// The live router: a node:net server that feeds the core Router (src/core/router.ts) with decoded
// frames and carries out the effects it returns. All protocol decisions live in the core; this
// file only moves bytes, enforces the per-connection output limit, and writes router.jsonl.
import { createServer, type Server, type Socket } from "node:net";
import { ProtocolError } from "../core/errors.ts";
import { encodeFrame, encodeFrameText, FrameDecoder } from "../core/frame.ts";
import { deliverFrameJson } from "../core/logFormat/deliverFrame.ts";
import { routerLogJson } from "../core/logFormat/routerLine.ts";
import type { ServerFrame } from "../core/protocol.ts";
import { type ConnectionId, Router, type RouterEffect, type RouterOptions } from "../core/router.ts";
import type { RouterLogEntry } from "../core/routerLog.ts";
import { UserError } from "../core/userError.ts";
import { hostNowMs } from "./clock.ts";
import type { LineSink } from "./lineWriter.ts";

const DEFAULT_HELLO_TIMEOUT_MS = 10_000;
/** After the router closes a connection, how long the peer has to close its side. */
const CLOSE_GRACE_MS = 1000;

export interface TcpRouterOptions {
  host: string;
  port: number;
  maxFrameBytes: number;
  /** Bytes queued for one connection beyond which it counts as a slow consumer. */
  outputLimitBytes: number;
  slowConsumer: "drop" | "disconnect";
  router: RouterOptions;
  log: LineSink;
  /** How long a new connection may take to say hello (default 10 s). */
  helloTimeoutMs?: number;
  /** Called with every router log entry after it is written (for progress displays). */
  onLog?: (entry: RouterLogEntry) => void;
}

export interface TcpRouterHandle {
  port: number;
  router: Router;
  /** Number of connections (past hello or not) currently open. */
  readonly connections: number;
  close(): Promise<void>;
}

interface Connection {
  id: ConnectionId;
  socket: Socket;
  decoder: FrameDecoder;
  closing: boolean;
  corked: boolean;
}

export async function startTcpRouter(options: TcpRouterOptions): Promise<TcpRouterHandle> {
  const router = new Router(options.router);
  const connections = new Map<ConnectionId, Connection>();
  let nextConnectionId = 1;
  let lastFrame: ServerFrame | null = null;
  let lastBytes: Uint8Array | null = null;

  const log = (entry: RouterLogEntry) => {
    options.log.writeLine(routerLogJson(entry));
    options.onLog?.(entry);
  };

  /**
   * Carries out effects. Log lines are written and handed to the kernel before any frame goes
   * out, so every delivery a machine can see has its router.jsonl line even if the router is
   * killed right after (a write-ahead log, one write per batch of frames).
   */
  const apply = (effects: RouterEffect[]) => {
    let logged = false;
    for (const effect of effects) {
      if (effect.type === "log") {
        log(effect.entry);
        logged = true;
      }
    }
    if (logged) options.log.flush();
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
          checkOutputLimit(connection);
          break;
        }
        case "close": {
          const connection = connections.get(effect.connection);
          if (connection === undefined || connection.closing) break;
          connection.closing = true;
          connection.socket.end();
          // A peer that never closes its side (half-open) must not keep the connection alive.
          setTimeout(() => connection.socket.destroy(), CLOSE_GRACE_MS).unref();
          break;
        }
        case "log":
          break;
      }
    }
    for (const connection of corked) {
      connection.corked = false;
      connection.socket.uncork();
    }
  };

  /** Past the output limit: mark the connection congested (drops) or cut it off (disconnect). */
  const checkOutputLimit = (connection: Connection) => {
    if (connection.socket.writableLength <= options.outputLimitBytes) return;
    if (options.slowConsumer === "disconnect") {
      connection.closing = true;
      connection.socket.destroy();
      apply(router.disconnect(connection.id, hostNowMs(), "slow consumer: output limit exceeded"));
    } else {
      router.setCongested(connection.id, true);
    }
  };

  const server: Server = createServer({ noDelay: true }, (socket) => {
    const connection: Connection = {
      id: nextConnectionId++,
      socket,
      decoder: new FrameDecoder(options.maxFrameBytes),
      closing: false,
      corked: false,
    };
    connections.set(connection.id, connection);
    router.connect(connection.id);
    // A connection that never says hello (or stops halfway through its first frame) is cut off.
    const helloTimer = setTimeout(() => {
      if (connection.closing || router.machineOf(connection.id) !== null) return;
      const message = `no hello within ${options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS} ms; say hello first`;
      apply(
        router.rejectUndecodable(connection.id, new ProtocolError("HELLO_REQUIRED", message), hostNowMs()),
      );
    }, options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS);
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
    socket.on("error", () => {
      // Resets and the like end in "close" below; nothing a peer does may crash the router.
    });
    socket.on("close", () => {
      clearTimeout(helloTimer);
      connections.delete(connection.id);
      apply(router.disconnect(connection.id, hostNowMs(), connection.closing ? "closed" : "connection lost"));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(
          new UserError(
            `router.port ${options.port} on ${options.host} is already in use; expected a free port (--port)`,
          ),
        );
      } else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") {
        reject(
          new UserError(
            `router.host ${options.host} is not an address of this machine; expected e.g. 127.0.0.1`,
          ),
        );
      } else if (error.code === "EACCES") {
        reject(new UserError(`router.port ${options.port}: permission denied; expected a port above 1023`));
      } else {
        reject(error);
      }
    });
    server.listen(options.port, options.host, () => resolve());
  });
  server.on("error", () => {});
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;

  return {
    port,
    router,
    get connections() {
      return connections.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of connections.values()) connection.socket.destroy();
        server.close(() => resolve());
      }),
  };
}
