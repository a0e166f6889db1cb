// The pages watching a run feed: each gets every message (or only its machines' events), and
// messages that come while its snapshot is being built wait in its queue until it starts.
import type { ServerMessage } from "../../core/watch/protocol.ts";

export interface FeedListener {
  readonly send: (message: ServerMessage) => void;
  queue: ServerMessage[] | null;
  /** Only these machines' events; null: all. */
  readonly machines: ReadonlySet<number> | null;
}

export class FeedListeners {
  readonly #listeners = new Set<FeedListener>();

  /** A new page; what is broadcast to it is queued until `start`. */
  add(send: (message: ServerMessage) => void, machines: ReadonlySet<number> | null): FeedListener {
    const listener: FeedListener = { send, queue: [], machines };
    this.#listeners.add(listener);
    return listener;
  }

  /** Sends what waited in the page's queue, then everything as it comes. */
  start(listener: FeedListener): void {
    const queued = listener.queue ?? [];
    listener.queue = null;
    for (const message of queued) listener.send(message);
  }

  remove(listener: FeedListener): void {
    this.#listeners.delete(listener);
  }

  clear(): void {
    this.#listeners.clear();
  }

  get size(): number {
    return this.#listeners.size;
  }

  broadcast(message: ServerMessage): void {
    for (const listener of this.#listeners) {
      const filter = listener.machines;
      let own = message;
      if (message.type === "events" && filter !== null) {
        const events = message.events.filter((event) => filter.has(event.m));
        if (events.length === 0) continue;
        own = { ...message, events };
      }
      if (listener.queue !== null) listener.queue.push(own);
      else listener.send(own);
    }
  }
}
