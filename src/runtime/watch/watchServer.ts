// The live view's HTTP and WebSocket server: serves the bundled page (read from dist/web/ once),
// the list of runs, and a WebSocket per page that carries a run feed from the WatchSource it is
// given. GET only: nothing here writes. 127.0.0.1 unless a host is given with a token.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { UserError } from "../../core/userError.ts";
import {
  checkToken,
  type Guard,
  hostAllowed,
  originAllowed,
  setSecurityHeaders,
  tokenCookie,
} from "./pageSecurity.ts";
import { MAX_CLIENT_MESSAGE_BYTES, parseLanesParameter, servePageSocket } from "./pageSocket.ts";
import type { WatchSource } from "./source.ts";
import { findWebRoot, PAGE_FILES } from "./webRoot.ts";

export const DEFAULT_WATCH_PORT = 7410;
export const LOCAL_HOST = "127.0.0.1";
/** Addresses that stay on this machine: no token needed. */
const LOOPBACK_HOSTS = new Set([LOCAL_HOST, "localhost", "::1"]);

export interface WatchServerOptions {
  source: WatchSource;
  /** Port; 0 picks a free one. */
  port: number;
  /** Address to listen on (default 127.0.0.1); anything else needs a token. */
  host?: string;
  token?: string | null;
  webRoot?: string;
}

export interface WatchServer {
  /** The page's address (without the token). */
  url: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<(typeof PAGE_FILES)[number], string> = {
  "index.html": "text/html; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "app.css": "text/css; charset=utf-8",
};

function loadPage(webRoot: string): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const file of PAGE_FILES) {
    const entry = { body: readFileSync(`${webRoot}${file}`), type: CONTENT_TYPES[file] };
    files.set(`/${file}`, entry);
    if (file === "index.html") files.set("/", entry);
  }
  return files;
}

function reply(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.statusCode = status;
  response.setHeader("Content-Type", type);
  response.end(body);
}

function replyJson(response: ServerResponse, value: unknown): void {
  response.setHeader("Cache-Control", "no-store");
  reply(response, 200, "application/json; charset=utf-8", JSON.stringify(value));
}

async function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE") {
        reject(
          new UserError(
            `--port ${port}: ${host}:${port} is already in use (another clocklab watch?); ` +
              "choose another port, or --port 0 to pick a free one",
          ),
        );
      } else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") {
        reject(new UserError(`--host ${host}: not an address of this machine (${error.code})`));
      } else if (error.code === "EACCES") {
        reject(
          new UserError(`--port ${port}: not allowed to listen on it (EACCES); choose a port above 1023`),
        );
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

export async function startWatchServer(options: WatchServerOptions): Promise<WatchServer> {
  const host = options.host ?? LOCAL_HOST;
  const token = options.token ?? null;
  const loopback = LOOPBACK_HOSTS.has(host);
  if (!loopback && token === null) {
    throw new UserError(
      `--host ${host}: listening beyond 127.0.0.1 needs a --token that the page must present`,
    );
  }
  const guard: Guard = { localOnly: loopback, token };
  const page = loadPage(options.webRoot ?? findWebRoot());
  const source = options.source;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    setSecurityHeaders(response);
    const url = new URL(request.url ?? "/", "http://watch.invalid");
    if (!hostAllowed(guard, request)) return reply(response, 421, "text/plain", "wrong Host header\n");
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.setHeader("Allow", "GET, HEAD");
      return reply(response, 405, "text/plain", "this view is read-only\n");
    }
    const tokenCheck = checkToken(guard, request, url);
    if (tokenCheck === "missing") {
      return reply(
        response,
        401,
        "text/plain",
        "this live view needs its token: open it with ?token=<token>\n",
      );
    }
    if (tokenCheck === "in-url") {
      // Keep the secret out of the address bar and history: a cookie carries it from now on.
      url.searchParams.delete("token");
      response.setHeader("Set-Cookie", tokenCookie(token!));
      response.setHeader("Location", `${url.pathname}${url.search}`);
      return reply(response, 303, "text/plain", "");
    }
    const file = page.get(url.pathname);
    if (file !== undefined) return reply(response, 200, file.type, file.body);
    if (url.pathname === "/api/source")
      return replyJson(response, { kind: source.kind, label: source.label });
    if (url.pathname === "/api/runs") return replyJson(response, await source.listRuns());
    return reply(response, 404, "text/plain", "not found\n");
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) reply(response, 500, "text/plain", "internal error\n");
      else response.end();
    });
  });

  const refuse = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://watch.invalid");
    if (url.pathname !== "/ws" || !hostAllowed(guard, request)) return refuse(socket, "404 Not Found");
    if (!originAllowed(request)) return refuse(socket, "403 Forbidden");
    if (checkToken(guard, request, url) === "missing") return refuse(socket, "401 Unauthorized");
    const runName = url.searchParams.get("run");
    source
      .openFeed(runName === null || runName === "" ? null : runName)
      .then((feed) => {
        sockets.handleUpgrade(request, socket, head, (ws) => {
          servePageSocket(ws, feed, parseLanesParameter(url.searchParams.get("lanes"))).catch(() =>
            ws.terminate(),
          );
        });
      })
      .catch(() => refuse(socket, "404 Not Found"));
  });

  await listen(server, host, options.port);
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
