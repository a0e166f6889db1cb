// One page's WebSocket: it gets the feed's snapshot, then every live message, and may ask only
// for the two reads in ClientMessage (past events, past samples), checked and size-limited, one
// at a time. Nothing a page sends can change a run. A page too slow to keep up is disconnected
// (it reconnects and starts again from a fresh snapshot) rather than let memory grow.
import type { WebSocket } from "ws";
import type { ClientMessage, ServerMessage } from "./protocol.ts";
import type { RunFeed } from "./source.ts";

export const MAX_CLIENT_MESSAGE_BYTES = 4096;
const MAX_RANGE_MS = 15 * 60 * 1000;
const MAX_RANGE_EVENTS = 150_000;
const MAX_SAMPLE_ROWS = 5000;
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
const MAX_QUEUED_REQUESTS = 4;
const TOO_SLOW = 1013;

function finite(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** The request, checked; null for anything else. */
export function parseClientMessage(text: string): ClientMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const m = value as Record<string, unknown>;
  if (!finite(m.requestId)) return null;
  if (m.type === "rangeEvents" && finite(m.fromMs) && finite(m.toMs) && m.toMs >= m.fromMs) {
    return { type: "rangeEvents", requestId: m.requestId, fromMs: m.fromMs, toMs: m.toMs };
  }
  if (m.type === "rangeSamples" && finite(m.fromRow) && finite(m.toRow) && finite(m.step) && m.step >= 1) {
    return { type: "rangeSamples", requestId: m.requestId, fromRow: m.fromRow, toRow: m.toRow, step: m.step };
  }
  return null;
}

async function answer(feed: RunFeed, request: ClientMessage): Promise<ServerMessage> {
  if (request.type === "rangeEvents") {
    const toMs = Math.min(request.toMs, request.fromMs + MAX_RANGE_MS);
    const { events, complete } = await feed.rangeEvents(request.fromMs, toMs, MAX_RANGE_EVENTS);
    return {
      type: "rangeEvents",
      requestId: request.requestId,
      fromMs: request.fromMs,
      toMs,
      events,
      complete,
    };
  }
  const step = Math.max(request.step, Math.ceil((request.toRow - request.fromRow + 1) / MAX_SAMPLE_ROWS));
  return {
    type: "rangeSamples",
    requestId: request.requestId,
    samples: feed.rangeSamples(request.fromRow, request.toRow, step),
  };
}

export async function servePageSocket(socket: WebSocket, feed: RunFeed): Promise<void> {
  let open = true;
  const send = (message: ServerMessage) => {
    if (!open) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      open = false;
      socket.close(TOO_SLOW, "the page fell behind; reconnect");
      return;
    }
    socket.send(JSON.stringify(message));
  };
  let queued = 0;
  let chain: Promise<void> = Promise.resolve();
  socket.on("message", (data, isBinary) => {
    const request = isBinary ? null : parseClientMessage(data.toString());
    if (request === null) {
      send({ type: "error", message: "unknown request; this view only reads" });
      return;
    }
    if (queued >= MAX_QUEUED_REQUESTS) return;
    queued++;
    chain = chain.then(async () => {
      try {
        if (open) send(await answer(feed, request));
      } catch {
        send({ type: "error", message: "the request could not be answered" });
      } finally {
        queued--;
      }
    });
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("close", () => {
    open = false;
  });
  socket.on("error", () => {
    open = false;
  });
  const subscription = await feed.subscribe(send);
  if (!open) {
    subscription.unsubscribe();
    return;
  }
  for (const message of subscription.snapshot) send(message);
  subscription.start();
  await closed;
  subscription.unsubscribe();
}
