// The TCP router's per-delivery work without sockets: the bench's realistic send frames
// (lib/sendFrames.ts) fed to the router's fast path (ScannedSends over a core Router with m1-m3
// started, an Outbox whose sockets and log only count bytes), in chunks of --chunk frames as a
// socket read hands them over. Prints CPU µs per frame and per delivery, and the scanner's share
// alone: the least and the median of --rounds rounds (the least is the one other work on a shared
// host disturbed least). Usage: tsx bench/routerPathMicro.ts [--count N] [--chunk N] [--rounds N]
// [--kind K,K].
import type { Socket } from "node:net";
import { SendScanner } from "../src/core/protocol/sendScanner.ts";
import { Router } from "../src/core/router.ts";
import { hostNowMs } from "../src/runtime/clock.ts";
import type { LineSink } from "../src/runtime/lineWriter.ts";
import { ByteArena } from "../src/runtime/tcpRouter/byteArena.ts";
import { Outbox, type OutboxConnection } from "../src/runtime/tcpRouter/outbox.ts";
import { ScannedSends } from "../src/runtime/tcpRouter/scannedSends.ts";
import type { MessageKind } from "./lib/relayHarness.ts";
import { framePool } from "./lib/sendFrames.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1]! : fallback;
};
const count = Number(flag("count", "50000"));
const chunk = Number(flag("chunk", "100"));
const rounds = Number(flag("rounds", "20"));
const kinds = flag("kind", "SEND_FIRST,BROADCAST").split(",") as MessageKind[];

let written = 0;
const fakeSocket = {
  cork() {},
  uncork() {},
  write(bytes: Uint8Array) {
    written += bytes.length;
    return true;
  },
  writableLength: 0,
} as unknown as Socket;
const sink: LineSink = {
  write() {},
  writeLine() {},
  writeBytes(bytes) {
    written += bytes.length;
  },
  flush() {},
  close() {},
};

function cpuUs(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

function run(kind: MessageKind): void {
  const router = new Router({ runId: "micro", seed: 1, expectedMachines: 3, startDelayMs: 0 });
  const now = hostNowMs();
  const connections = new Map<number, OutboxConnection>();
  ["m1", "m2", "m3"].forEach((id, i) => {
    router.connect(i + 1);
    router.receive(i + 1, { type: "hello", protocol: 1, id, ticksPerSecond: 100_000 }, now);
    connections.set(i + 1, {
      socket: fakeSocket,
      closing: false,
      frames: new ByteArena(),
      staged: false,
      corked: false,
    });
  });
  router.wake(now + 1);
  const outbox = new Outbox<OutboxConnection>(sink);
  const sends = new ScannedSends(router, outbox, (id) => connections.get(id));
  // The benchmark's own pool: ids and numbers as long as the relays see them (m1:1 to m1:524288).
  const pool = framePool(kind);
  const bodies: Uint8Array[] = [];
  for (let i = 0; i < pool.count; i++)
    bodies.push(pool.bytes.subarray(pool.offsets[i]! + 4, pool.offsets[i + 1]!));
  const scanner = new SendScanner();
  const afterWrite = () => {};
  const takeUs: number[] = [];
  const scanUs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Each round's frames are new to the router: later rounds would repeat ids and Lamport values,
    // which the fast path takes all the same (it does not check for repeats).
    const nowMs = hostNowMs() + 1000;
    const first = (round * count) % (bodies.length - count);
    let taken = 0;
    const before = cpuUs();
    for (let i = first; i < first + count; i += chunk) {
      const end = Math.min(first + count, i + chunk);
      for (let j = i; j < end; j++) {
        if (sends.take(1, bodies[j]!, nowMs)) taken++;
      }
      outbox.commit(afterWrite);
      outbox.release();
    }
    const spent = cpuUs() - before;
    const beforeScan = cpuUs();
    let scanned = 0;
    for (let i = first; i < first + count; i++) if (scanner.scan(bodies[i]!)) scanned++;
    const scanSpent = cpuUs() - beforeScan;
    if (taken !== count || scanned !== count)
      throw new Error(`${kind}: ${taken} taken, ${scanned} scanned of ${count}`);
    takeUs.push(spent / count);
    scanUs.push(scanSpent / count);
  }
  const routed = router.counts.routed / (rounds * count);
  process.stdout.write(
    `${kind}: ${stats(takeUs)} CPU µs per frame (${routed} deliveries each), scan alone ${stats(scanUs)} µs\n`,
  );
}

/** "least / median" of a list. */
function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${sorted[0]!.toFixed(3)} / ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)}`;
}

for (const kind of kinds) run(kind);
process.stdout.write(`(${written} bytes written)\n`);
