// The page's WebSocket to the watch server: delivers each message from the run feed, answers
// the two read requests by id, and reconnects (with a growing pause) when the link drops; each
// new connection starts with a fresh snapshot, which the page takes as a reset.
import type { ClientMessage, SampleColumns, ServerMessage, WireEvent } from "../core/watch/protocol.ts";

export type ConnectionState = "connecting" | "open" | "closed";

type RangeEventsReply = { events: WireEvent[]; complete: boolean; fromMs: number; toMs: number };

export class WatchConnection {
  readonly #baseUrl: string;
  readonly #lanesNow: () => number[] | null;
  readonly #onMessage: (message: ServerMessage) => void;
  readonly #onState: (state: ConnectionState, detail: string) => void;
  #socket: WebSocket | null = null;
  #nextRequestId = 1;
  readonly #pending = new Map<number, (message: ServerMessage | null) => void>();
  #retryMs = 250;
  #stopped = false;

  constructor(
    runName: string | null,
    onMessage: (message: ServerMessage) => void,
    onState: (state: ConnectionState, detail: string) => void,
    /** The machines whose live events the page wants when it (re)connects (null: all). */
    lanesNow: () => number[] | null = () => null,
  ) {
    const protocol = location.protocol === "https:" ? "wss:" : "ws:";
    const query = runName === null ? "" : `run=${encodeURIComponent(runName)}`;
    this.#baseUrl = `${protocol}//${location.host}/ws?${query}`;
    this.#lanesNow = lanesNow;
    this.#onMessage = onMessage;
    this.#onState = onState;
    this.#connect();
  }

  #connect(): void {
    if (this.#stopped) return;
    this.#onState("connecting", "");
    const lanes = this.#lanesNow();
    const socket = new WebSocket(
      lanes === null ? this.#baseUrl : `${this.#baseUrl}&lanes=${lanes.join(",")}`,
    );
    this.#socket = socket;
    socket.addEventListener("open", () => {
      this.#retryMs = 250;
      this.#onState("open", "");
    });
    socket.addEventListener("message", (event: MessageEvent) => {
      if (typeof event.data !== "string") return;
      let message: ServerMessage;
      try {
        message = JSON.parse(event.data) as ServerMessage;
      } catch {
        return;
      }
      if (
        (message.type === "rangeEvents" || message.type === "rangeSamples") &&
        this.#pending.has(message.requestId)
      ) {
        const resolve = this.#pending.get(message.requestId)!;
        this.#pending.delete(message.requestId);
        resolve(message);
        return;
      }
      this.#onMessage(message);
    });
    socket.addEventListener("close", (event: CloseEvent) => {
      this.#socket = null;
      for (const resolve of this.#pending.values()) resolve(null);
      this.#pending.clear();
      this.#onState("closed", event.reason);
      if (this.#stopped) return;
      window.setTimeout(() => this.#connect(), this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, 5000);
    });
  }

  #request(message: ClientMessage): Promise<ServerMessage | null> {
    const socket = this.#socket;
    if (socket === null || socket.readyState !== WebSocket.OPEN) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.#pending.set(message.requestId, resolve);
      socket.send(JSON.stringify(message));
    });
  }

  /** Events in [fromMs, toMs], of these machines only when given. */
  async rangeEvents(fromMs: number, toMs: number, machines?: number[]): Promise<RangeEventsReply | null> {
    const reply = await this.#request({
      type: "rangeEvents",
      requestId: this.#nextRequestId++,
      fromMs,
      toMs,
      ...(machines === undefined ? {} : { machines }),
    });
    return reply?.type === "rangeEvents" ? reply : null;
  }

  /** Asks for live events of these machines only (null: all); a fresh snapshot follows. */
  lanes(machines: number[] | null): boolean {
    const socket = this.#socket;
    if (socket === null || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify({ type: "lanes", requestId: this.#nextRequestId++, machines }));
    return true;
  }

  async rangeSamples(fromRow: number, toRow: number, step: number): Promise<SampleColumns | null> {
    const reply = await this.#request({
      type: "rangeSamples",
      requestId: this.#nextRequestId++,
      fromRow,
      toRow,
      step,
    });
    return reply?.type === "rangeSamples" ? reply.samples : null;
  }

  stop(): void {
    this.#stopped = true;
    this.#socket?.close();
  }
}
