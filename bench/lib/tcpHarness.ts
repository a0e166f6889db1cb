// The router benchmark's machines over TCP with the clocklab framing (4-byte length + JSON): used
// against the clocklab router and the bare relay alike, so both see identical clients and bytes.
import { connect, type Socket } from "node:net";
import { encodeFrame } from "../../src/core/frame.ts";
import { epochNowMs, type MessageKind, type RelayHarness } from "./relayHarness.ts";
import { framePool, PoolCursor, SendFrames } from "./sendFrames.ts";

const HEADER_BYTES = 4;
const MAX_BATCH_FRAMES = 4096;
/**
 * The speed each machine asks for in its hello: the router refuses clock values above what the
 * run's speeds could have reached, and m1's Lamport value counts up with every frame here.
 */
const HELLO_TICKS_PER_SECOND = 100_000;

/** Reads frames off a socket: the first ones (until "start") parsed, then counted or parsed. */
class FrameReader {
  #pending: Buffer | null = null;
  started = false;
  constructor(private readonly onFrame: (body: Buffer | null) => void) {}

  push(chunk: Buffer, parse: boolean): number {
    const data = this.#pending === null ? chunk : Buffer.concat([this.#pending, chunk]);
    let offset = 0;
    let frames = 0;
    while (data.length - offset >= HEADER_BYTES) {
      const length = data.readUInt32BE(offset);
      const end = offset + HEADER_BYTES + length;
      if (end > data.length) break;
      if (!this.started || parse) {
        const body = data.subarray(offset + HEADER_BYTES, end);
        if (!this.started) {
          if ((JSON.parse(body.toString("utf8")) as { type: string }).type === "start") this.started = true;
        } else {
          frames++;
          this.onFrame(body);
        }
      } else {
        frames++;
      }
      offset = end;
    }
    this.#pending = offset < data.length ? Buffer.from(data.subarray(offset)) : null;
    return frames;
  }
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, noDelay: true }, () => resolve(socket));
    socket.once("error", reject);
  });
}

export async function tcpHarness(port: number, kind: MessageKind): Promise<RelayHarness> {
  const sockets = await Promise.all(["m1", "m2", "m3"].map(() => open(port)));
  const pool = new PoolCursor(framePool(kind));
  const frames = new SendFrames(kind);
  const readers: FrameReader[] = [];
  const harness: RelayHarness = {
    fanout: kind === "BROADCAST" ? 2 : 1,
    stamped: false,
    onDeliveries: () => {},
    onLatencyMs: () => {},
    send(count) {
      for (let left = count; left > 0; left -= MAX_BATCH_FRAMES) {
        pool.take(Math.min(left, MAX_BATCH_FRAMES), (bytes) => sockets[0]!.write(bytes));
      }
    },
    sendStamped(sentAtMs) {
      sockets[0]!.write(frames.nextFrame(sentAtMs));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
    },
  };
  const onBody = (body: Buffer | null) => {
    if (body === null) return;
    const { sentAt } = JSON.parse(body.toString("utf8")) as { sentAt: number };
    harness.onLatencyMs(epochNowMs() - sentAt);
  };
  const ready = sockets.map((socket, index) => {
    const reader = new FrameReader(onBody);
    readers.push(reader);
    return new Promise<void>((resolve) => {
      socket.on("data", (chunk: Buffer) => {
        const wasStarted = reader.started;
        const frames = reader.push(chunk, harness.stamped);
        if (!wasStarted && reader.started) resolve();
        if (frames > 0) harness.onDeliveries(frames);
      });
      socket.on("error", () => {});
      const hello = {
        type: "hello",
        protocol: 1,
        id: `m${index + 1}`,
        ticksPerSecond: HELLO_TICKS_PER_SECOND,
      };
      socket.write(encodeFrame(hello));
    });
  });
  await Promise.all(ready);
  return harness;
}
