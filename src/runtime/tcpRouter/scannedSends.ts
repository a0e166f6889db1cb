// The TCP router's fast path for send frames: a frame the byte scanner accepts (a valid send frame
// in the form JSON.stringify writes, see src/core/protocol/frameScanner.ts) that the core Router
// routes at once (Router.routeScanned: nothing about it needs a decision beyond where it goes)
// is staged in the outbox as bytes: its routed lines and its deliver frame, spliced from the
// sender's bytes (src/core/protocol/scannedSplices.ts), the frame encoded once and copied to every
// destination. Any other frame, and any frame the Router does not route this way, is the general
// path's (JSON.parse, the validator, receive).
import type { ByteTarget } from "../../core/logFormat/jsonBytes.ts";
import { ScannedSplices } from "../../core/protocol/scannedSplices.ts";
import { SendScanner } from "../../core/protocol/sendScanner.ts";
import type { ConnectionId, Router, ScannedRoute } from "../../core/router.ts";
import { type RouterLogEntry, routedEntry } from "../../core/routerLog.ts";
import type { ByteArena } from "./byteArena.ts";
import type { Outbox, OutboxConnection } from "./outbox.ts";

const FRAME_HEADER_BYTES = 4;

export class ScannedSends<C extends OutboxConnection> {
  readonly #scanner = new SendScanner();
  readonly #splices = new ScannedSplices(this.#scanner);
  readonly #route: ScannedRoute = { from: "", count: 0, connections: [], ids: [] };
  readonly #router: Router;
  readonly #outbox: Outbox<C>;
  readonly #connectionOf: (id: ConnectionId) => C | undefined;
  /** The message being staged: its time and the destination whose line is written next. */
  #nowMs = 0;
  #to = "";
  readonly #writeLine = (target: ByteTarget, start: number) =>
    this.#splices.routedLine(this.#to, target, start);
  readonly #entry = (): RouterLogEntry => routedEntry(this.#nowMs, this.#scanner, this.#route.from, this.#to);

  constructor(router: Router, outbox: Outbox<C>, connectionOf: (id: ConnectionId) => C | undefined) {
    this.#router = router;
    this.#outbox = outbox;
    this.#connectionOf = connectionOf;
  }

  /**
   * Takes one frame body from `connection` if the fast path can: then its deliveries and their
   * lines are staged, and it returns true. False: nothing changed; the general path answers it.
   */
  take(connection: ConnectionId, body: Uint8Array, nowMs: number): boolean {
    const route = this.#route;
    if (!this.#scanner.scan(body) || !this.#router.routeScanned(connection, this.#scanner, nowMs, route)) {
      return false;
    }
    this.#nowMs = nowMs;
    this.#splices.prepare(route.from, nowMs);
    let frame: ByteArena | null = null;
    let frameStart = 0;
    let frameEnd = 0;
    for (let i = 0; i < route.count; i++) {
      this.#to = route.ids[i]!;
      this.#outbox.logEncoded(this.#writeLine, this.#entry);
      // A connection the transport no longer has (or is closing) gets nothing; its line says routed,
      // as it would have if its socket had taken the frame and failed (the left line follows).
      const target = this.#connectionOf(route.connections[i]!);
      if (target === undefined || target.closing) continue;
      const arena = this.#outbox.framesFor(target);
      if (frame === null) {
        frameStart = arena.used;
        frameEnd = this.#encode(arena);
        frame = arena;
      } else arena.append(frame.bytes, frameStart, frameEnd);
    }
    return true;
  }

  /** The deliver frame (length prefix and body) at the end of `arena`; returns its end. */
  #encode(arena: ByteArena): number {
    const start = arena.used;
    let end = this.#splices.deliverFrame(arena.target, start + FRAME_HEADER_BYTES);
    while (end < 0) {
      // Doubles the arena (reserve only grows it when used + extra does not fit).
      arena.reserve(arena.bytes.length + 1);
      end = this.#splices.deliverFrame(arena.target, start + FRAME_HEADER_BYTES);
    }
    const length = end - start - FRAME_HEADER_BYTES;
    const bytes = arena.bytes;
    bytes[start] = length >>> 24;
    bytes[start + 1] = (length >>> 16) & 0xff;
    bytes[start + 2] = (length >>> 8) & 0xff;
    bytes[start + 3] = length & 0xff;
    arena.used = end;
    return end;
  }
}
