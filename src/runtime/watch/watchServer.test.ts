// The watch server's guards, against a stand-in source: it serves the page with a CSP, answers
// GET only, refuses foreign Host headers and WebSocket origins, needs a token off 127.0.0.1 (and
// then on every request), says so when the port is taken, and a page's socket can only read.
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { UserError } from "../../core/userError.ts";
import type { ServerMessage } from "../../core/watch/protocol.ts";
import type { RunFeed, WatchSource } from "./source.ts";
import { startWatchServer, type WatchServer } from "./watchServer.ts";

function webRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), "clocklab-web-"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>t</title>");
  writeFileSync(join(dir, "app.js"), "");
  writeFileSync(join(dir, "app.css"), "");
  return `${dir}/`;
}

const reads: string[] = [];
const subscriptions: string[] = [];
const feed: RunFeed = {
  subscribe: async (_send, machines) => {
    subscriptions.push(machines === null || machines === undefined ? "all" : [...machines].join(","));
    return {
      snapshot: [{ type: "machines", ids: ["m1"] }],
      start: () => {},
      unsubscribe: () => {},
    };
  },
  rangeEvents: async (fromMs, toMs) => {
    reads.push(`events ${fromMs}-${toMs}`);
    return { events: [], complete: true };
  },
  rangeSamples: (fromRow, toRow, step) => {
    reads.push(`samples ${fromRow}-${toRow}/${step}`);
    return {
      intervalMs: 250,
      originMs: 0,
      fromRow,
      step,
      rows: 0,
      lamport: [],
      queueLength: [],
      hlcAheadMs: [],
    };
  },
  close: async () => {},
};
const source: WatchSource = {
  kind: "run",
  label: "run-x",
  listRuns: async () => [],
  openFeed: async () => feed,
  close: async () => {},
};

const servers: WatchServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: { host?: string; token?: string; port?: number } = {}): Promise<WatchServer> {
  const server = await startWatchServer({ source, webRoot: webRoot(), port: options.port ?? 0, ...options });
  servers.push(server);
  return server;
}

function get(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, method: options.method ?? "GET", headers: options.headers },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

function openSocket(
  port: number,
  headers: Record<string, string> = {},
): Promise<{ socket: WebSocket; messages: ServerMessage[] }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
    const messages: ServerMessage[] = [];
    socket.on("message", (data) => messages.push(JSON.parse(data.toString()) as ServerMessage));
    socket.once("open", () => resolve({ socket, messages }));
    socket.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once("error", reject);
  });
}

async function until<T>(check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the watch server", () => {
  it("serves the page with a Content-Security-Policy, on 127.0.0.1, GET only", async () => {
    const server = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const page = await get(server.port, "/");
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    expect((await get(server.port, "/api/source")).body).toBe('{"kind":"run","label":"run-x"}');
    expect((await get(server.port, "/", { method: "POST" })).status).toBe(405);
    expect((await get(server.port, "/../etc/passwd")).status).toBe(404);
    expect((await get(server.port, "/", { headers: { Host: "evil.example:80" } })).status).toBe(421);
  });

  it("says so when the port is taken, and needs a token to listen beyond 127.0.0.1", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(start({ port })).rejects.toThrow(UserError);
      await expect(start({ port })).rejects.toThrow(/already in use.*--port 0/);
    } finally {
      blocker.close();
    }
    await expect(start({ host: "0.0.0.0" })).rejects.toThrow(/needs a --token/);
  });

  it("with a token, refuses requests without it and moves it from the URL into a cookie", async () => {
    const server = await start({ host: "0.0.0.0", token: "s3cret-token" });
    expect((await get(server.port, "/")).status).toBe(401);
    expect((await get(server.port, "/?token=wrong")).status).toBe(401);
    const first = await get(server.port, "/?token=s3cret-token");
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe("/");
    const cookie = String(first.headers["set-cookie"]).split(";")[0]!;
    expect(cookie).toContain("s3cret-token");
    expect(String(first.headers["set-cookie"])).toContain("HttpOnly");
    expect((await get(server.port, "/", { headers: { Cookie: cookie } })).status).toBe(200);
    await expect(openSocket(server.port)).rejects.toThrow("HTTP 401");
    const { socket } = await openSocket(server.port, { Cookie: cookie });
    socket.close();
  });

  it("refuses WebSockets from another site's page", async () => {
    const server = await start();
    await expect(openSocket(server.port, { Origin: "http://evil.example" })).rejects.toThrow("HTTP 403");
  });

  it("gives a page the snapshot and answers only the two reads", async () => {
    const server = await start();
    const { socket, messages } = await openSocket(server.port, { Origin: `http://127.0.0.1:${server.port}` });
    await until(() => messages.find((m) => m.type === "machines"));
    socket.send(JSON.stringify({ type: "rangeEvents", requestId: 1, fromMs: 0, toMs: 10 }));
    socket.send(JSON.stringify({ type: "rangeSamples", requestId: 2, fromRow: 0, toRow: 9, step: 1 }));
    socket.send(JSON.stringify({ type: "deleteRun", requestId: 3 }));
    socket.send("not json");
    await until(() => (messages.filter((m) => m.type === "error").length === 2 ? true : undefined));
    await until(() => messages.find((m) => m.type === "rangeSamples"));
    expect(messages.find((m) => m.type === "rangeEvents")).toMatchObject({ requestId: 1, complete: true });
    expect(reads).toEqual(["events 0-10", "samples 0-9/1"]);
    socket.send(JSON.stringify({ type: "lanes", requestId: 4, machines: [2, 5] }));
    await until(() => (subscriptions.includes("2,5") ? true : undefined));
    socket.close();
  });
});
