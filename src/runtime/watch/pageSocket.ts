// One page's WebSocket: it gets the feed's snapshot, then every live message, and may ask only
// for what ClientMessage allows (past events, past samples, which machines' live events it
// wants), checked and size-limited, one at a time. Nothing a page sends can change a run. A page
// too slow to keep up is disconnected (it reconnects and starts again from a fresh snapshot)
// rather than let the server's memory grow.
import type { WebSocket } from "ws";
import type { ClientMessage, ServerMessage } from "../../core/watch/protocol.ts";
import type { FeedSubscription, RunFeed } from "./source.ts";

export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;
const MAX_RANGE_MS = 15 * 60 * 1000;
const MAX_RANGE_EVENTS = 150_000;
const MAX_SAMPLE_ROWS = 5000;
const MAX_MACHINES_LISTED = 1000;
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
const MAX_QUEUED_REQUESTS = 4;
const TOO_SLOW = 1013;

function finite(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function machineList(value: unknown): number[] | null | undefined {
  if (value === null) return null;
  if (!Array.isArray(value) || value.length > MAX_MACHINES_LISTED) return undefined;
  return value.every((m) => Number.isInteger(m) && m >= 0) ? (value as number[]) : undefined;
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
    const request: ClientMessage = {
      type: "rangeEvents",
      requestId: m.requestId,
      fromMs: m.fromMs,
      toMs: m.toMs,
    };
    if (m.machines === undefined) return request;
    const machines = machineList(m.machines);
    return machines === undefined || machines === null ? null : { ...request, machines };
  }
  if (m.type === "rangeSamples" && finite(m.fromRow) && finite(m.toRow) && finite(m.step) && m.step >= 1) {
    return { type: "rangeSamples", requestId: m.requestId, fromRow: m.fromRow, toRow: m.toRow, step: m.step };
  }
  if (m.type === "lanes") {
    const machines = machineList(m.machines);
    return machines === undefined ? null : { type: "lanes", requestId: m.requestId, machines };
  }
  return null;
}

async function answer(
  feed: RunFeed,
  request: Exclude<ClientMessage, { type: "lanes" }>,
): Promise<ServerMessage> {
  if (request.type === "rangeEvents") {
    const toMs = Math.min(request.toMs, request.fromMs + MAX_RANGE_MS);
    const machines = request.machines === undefined ? null : new Set(request.machines);
    const { events, complete } = await feed.rangeEvents(request.fromMs, toMs, MAX_RANGE_EVENTS, machines);
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

/** A `lanes` query parameter ("0,1,7"): the machines a reconnecting page already shows; null: all. */
export function parseLanesParameter(value: string | null): ReadonlySet<number> | null {
  if (value === null || value === "") return null;
  const machines = machineList(value.split(",").map(Number));
  return machines === undefined || machines === null ? null : new Set(machines);
}

export async function servePageSocket(
  socket: WebSocket,
  feed: RunFeed,
  initialMachines: ReadonlySet<number> | null = null,
): Promise<void> {
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
  let subscription: FeedSubscription | null = null;
  /** (Re)subscribes with a machine filter: a fresh snapshot, then live messages. */
  const subscribe = async (machines: ReadonlySet<number> | null) => {
    subscription?.unsubscribe();
    subscription = null;
    const next = await feed.subscribe(send, machines);
    if (!open) {
      next.unsubscribe();
      return;
    }
    subscription = next;
    for (const message of next.snapshot) send(message);
    next.start();
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
        if (!open) return;
        if (request.type === "lanes")
          await subscribe(request.machines === null ? null : new Set(request.machines));
        else send(await answer(feed, request));
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
  chain = chain.then(() => subscribe(initialMachines));
  await chain;
  await closed;
  await chain;
  (subscription as FeedSubscription | null)?.unsubscribe();
}
