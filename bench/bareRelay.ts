// The bare relay: the ceiling for a Node relay on this machine. A minimal node:net program that
// reads each frame's 4-byte length and forwards whole frames, unparsed, to a fixed fan-out: the
// first other machine (--fanout first) or all others (--fanout all). Only the handshake is read:
// the first frame of a connection is a hello naming the machine; when --expect machines have said
// hello, each gets {"type":"start"}. Usage: bareRelay.ts --expect 3 --fanout first|all
// --writes frame|chunk: one socket write per frame and target (the minimal relay, default), or one
// write per incoming chunk and target (a batching relay: only possible here because the fan-out
// is fixed per sender, so every whole frame of a chunk goes to the same targets).
// Prints {"port":N} when listening; stops on SIGTERM.
import { createServer, type Socket } from "node:net";
import { compareIds } from "../src/core/routing.ts";

const HEADER_BYTES = 4;
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1]! : fallback;
};
const expectedMachines = Number(flag("expect", "3"));
const fanout = flag("fanout", "first");
const writePerFrame = flag("writes", "frame") === "frame";

interface Peer {
  id: string;
  socket: Socket;
  targets: Socket[];
}
const peers = new Map<string, Peer>();

function frame(value: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(value));
  const out = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  out.writeUInt32BE(body.length, 0);
  body.copy(out, HEADER_BYTES);
  return out;
}

function startRun(): void {
  const ids = [...peers.keys()].sort(compareIds);
  for (const peer of peers.values()) {
    const others = ids.filter((id) => id !== peer.id);
    const targetIds = fanout === "all" ? others : others.slice(0, 1);
    peer.targets = targetIds.map((id) => peers.get(id)!.socket);
  }
  const start = frame({ type: "start", t0: Date.now(), peers: ids });
  for (const peer of peers.values()) peer.socket.write(start);
}

const server = createServer({ noDelay: true }, (socket) => {
  let peer: Peer | null = null;
  let pending: Buffer | null = null;
  socket.on("data", (chunk: Buffer) => {
    const data = pending === null ? chunk : Buffer.concat([pending, chunk]);
    let offset = 0;
    if (peer === null) {
      if (data.length < HEADER_BYTES) {
        pending = data;
        return;
      }
      const length = data.readUInt32BE(0);
      if (data.length < HEADER_BYTES + length) {
        pending = data;
        return;
      }
      const hello = JSON.parse(data.toString("utf8", HEADER_BYTES, HEADER_BYTES + length)) as { id: string };
      peer = { id: hello.id, socket, targets: [] };
      peers.set(hello.id, peer);
      if (peers.size === expectedMachines) startRun();
      offset = HEADER_BYTES + length;
    }
    // Walk the length prefixes; forward each whole frame, or the run of whole frames at once.
    let end = offset;
    while (data.length - end >= HEADER_BYTES) {
      const next = end + HEADER_BYTES + data.readUInt32BE(end);
      if (next > data.length) break;
      if (writePerFrame) {
        const frameBytes = data.subarray(end, next);
        for (const target of peer.targets) target.write(frameBytes);
      }
      end = next;
    }
    if (!writePerFrame && end > offset) {
      const whole = data.subarray(offset, end);
      for (const target of peer.targets) target.write(whole);
    }
    pending = end < data.length ? Buffer.from(data.subarray(end)) : null;
  });
  socket.on("error", () => {});
  socket.on("close", () => {
    if (peer !== null) peers.delete(peer.id);
  });
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
process.once("SIGTERM", () => {
  for (const peer of peers.values()) peer.socket.destroy();
  server.close(() => process.exit(0));
});
