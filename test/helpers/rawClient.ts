// A bare protocol peer for tests: a real TCP socket that sends frames (or raw bytes) and records
// every frame the router sends back, so tests can wait for what they expect.
import { connect, type Socket } from "node:net";
import { encodeFrame, FrameDecoder } from "../../src/core/frame.ts";
import { waitFor } from "./waitFor.ts";

export interface ReceivedFrame {
  type: string;
  [key: string]: unknown;
}

export class RawClient {
  readonly frames: ReceivedFrame[] = [];
  closed = false;
  readonly #socket: Socket;
  readonly #decoder = new FrameDecoder(16 * 1024 * 1024);

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => {
      for (const decoded of this.#decoder.push(chunk)) {
        if (decoded.ok) this.frames.push(decoded.value as ReceivedFrame);
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      this.closed = true;
    });
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port }, () => resolve(new RawClient(socket)));
      socket.once("error", reject);
    });
  }

  /** Connects, says hello as `id` and waits for the welcome. */
  static async join(port: number, id: string, token?: string): Promise<RawClient> {
    const client = await RawClient.connect(port);
    client.send({ type: "hello", protocol: 1, id, ...(token !== undefined ? { token } : {}) });
    await client.waitForFrame((f) => f.type === "welcome" || f.type === "error", `welcome for ${id}`);
    return client;
  }

  send(value: unknown): void {
    this.#socket.write(encodeFrame(value));
  }

  sendBytes(bytes: Uint8Array): void {
    this.#socket.write(bytes);
  }

  waitForFrame(
    match: (frame: ReceivedFrame) => boolean,
    what: string,
    timeoutMs = 5000,
  ): Promise<ReceivedFrame> {
    return waitFor(() => this.frames.find(match), what, timeoutMs);
  }

  waitForClose(timeoutMs = 5000): Promise<true> {
    return waitFor(() => this.closed, "the connection to close", timeoutMs);
  }

  /** Stops reading from the socket (a slow consumer). */
  pause(): void {
    this.#socket.pause();
  }

  resume(): void {
    this.#socket.resume();
  }

  destroy(): void {
    this.#socket.destroy();
  }
}

/** A valid send frame body for tests. */
export function sendFrame(kind: string, id: string, lamport: number, extra: Record<string, unknown> = {}) {
  return { type: "send", kind, id, lamport, hlc: { wall: 0, logical: lamport }, sentAt: 0, ...extra };
}
