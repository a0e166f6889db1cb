// A machine's link to a TCP router: length-prefixed JSON frames on one socket, opened with retries
// (a machine started a moment before its router still finds it), decoded incrementally and
// validated before the session sees them. If the first bytes back are not a frame, the other end
// is not a router, and the user is told what it looks like instead.
import type { Socket } from "node:net";
import { encodeFrame, FrameDecoder } from "../../core/frame.ts";
import { type ClientFrame, parseServerFrame, type ServerFrame } from "../../core/protocol.ts";
import { UserError } from "../../core/userError.ts";
import { connectWithRetry } from "../connectTcp.ts";
import { notRouterMessage } from "../notRouter.ts";
import type { LinkEvents, MachineLink } from "./machineLink.ts";

/** Server frames can be larger than a machine's (a start frame lists every peer). */
const MIN_SERVER_FRAME_BYTES = 16 * 1024 * 1024;

export interface TcpLinkOptions {
  id: string;
  host: string;
  port: number;
  maxFrameBytes: number;
}

export class TcpLink implements MachineLink {
  readonly reopensByItself = false;
  readonly #options: TcpLinkOptions;
  #socket: Socket | null = null;

  constructor(options: TcpLinkOptions) {
    this.#options = options;
  }

  get peerName(): string {
    return `the router at ${this.#options.host}:${this.#options.port}`;
  }

  async open(events: LinkEvents, timeoutMs: number, shouldGiveUp: () => boolean): Promise<boolean> {
    const { host, port, id } = this.#options;
    const socket = await connectWithRetry({
      host,
      port,
      timeoutMs,
      shouldGiveUp,
      onRetry: (error, attempt) => {
        if (attempt === 1) events.notice(`${id}: waiting for the router at ${host}:${port} (${error.code})`);
      },
    });
    if (shouldGiveUp()) {
      socket.destroy();
      return false;
    }
    this.#attach(socket, events);
    return true;
  }

  send(frame: ClientFrame): void {
    const socket = this.#socket;
    if (socket?.writable) socket.write(encodeFrame(frame));
  }

  close(byeReason: string): void {
    const socket = this.#socket;
    if (socket?.writable) socket.end(encodeFrame({ type: "bye", reason: byeReason }));
    else socket?.destroy();
  }

  #attach(socket: Socket, events: LinkEvents): void {
    this.#socket = socket;
    const decoder = new FrameDecoder(Math.max(this.#options.maxFrameBytes, MIN_SERVER_FRAME_BYTES));
    let understood = 0;
    let lastError: string | null = null;
    socket.on("data", (chunk: Buffer) => {
      for (const decoded of decoder.push(chunk)) {
        let frame: ServerFrame;
        try {
          if (!decoded.ok) throw decoded.error;
          frame = parseServerFrame(decoded.value);
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          const { host, port } = this.#options;
          socket.destroy();
          events.fail(
            new UserError(
              understood === 0
                ? notRouterMessage(host, port, chunk, detail)
                : `the router at ${host}:${port} sent a bad frame (${detail}); expected clocklab's wire protocol`,
            ),
          );
          return;
        }
        understood++;
        events.frame(frame);
      }
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      // The close that follows says what happened; keep the cause for it.
      lastError = error.code ?? error.message;
    });
    socket.on("close", () => {
      if (this.#socket === socket) this.#socket = null;
      events.down(lastError);
    });
    events.up();
  }
}
