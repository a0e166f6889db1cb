// Child process of bench/watch.bench.ts: writes a live run's machine logs as fast machines would
// (N machines × T ticks per second, absolute schedule), each line stamped with the host clock at
// the moment it is written (trueTime), so the page can measure line written → drawn. Lamport and
// HLC follow the clock rules; 20% of ticks with an empty queue send to a random other machine
// (seeded); no vector clocks (above 16 machines a run has none). Stops on SIGTERM and prints one
// JSON line with what it wrote.
import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

const [runDir, machinesText, ticksText] = process.argv.slice(2);
if (runDir === undefined) throw new Error("usage: watchWriter.ts <run-dir> <machines> <ticks-per-second>");
const machines = Number(machinesText ?? 100);
const ticksPerSecond = Number(ticksText ?? 60);
const WAKE_MS = 10;

const random = xoroshiro128plus(14);
function randomBelow(n: number): number {
  return Math.floor(((random.next() >>> 0) / 2 ** 32) * n) % n;
}

interface Message {
  id: string;
  from: string;
  lamport: number;
  hlcWall: number;
  hlcLogical: number;
  sentAt: number;
}

interface Machine {
  id: string;
  fd: number;
  seq: number;
  lamport: number;
  hlcWall: number;
  hlcLogical: number;
  queue: Message[];
  sent: number;
}

const ids = Array.from({ length: machines }, (_, i) => `m${i + 1}`);
const state: Machine[] = ids.map((id) => ({
  id,
  fd: openSync(join(runDir, `${id}.jsonl`), "a"),
  seq: 0,
  lamport: 0,
  hlcWall: 0,
  hlcLogical: 0,
  queue: [],
  sent: 0,
}));

function tick(machine: Machine, now: number): string {
  machine.seq++;
  const physical = Math.floor(now);
  const message = machine.queue.shift();
  let line: Record<string, unknown>;
  if (message !== undefined) {
    machine.lamport = Math.max(machine.lamport, message.lamport) + 1;
    const wall = Math.max(machine.hlcWall, message.hlcWall, physical);
    machine.hlcLogical =
      wall === machine.hlcWall && wall === message.hlcWall
        ? Math.max(machine.hlcLogical, message.hlcLogical) + 1
        : wall === machine.hlcWall
          ? machine.hlcLogical + 1
          : wall === message.hlcWall
            ? message.hlcLogical + 1
            : 0;
    machine.hlcWall = wall;
    line = {
      type: "RECEIVE",
      message: { id: message.id, from: message.from, lamport: message.lamport, sentAt: message.sentAt },
    };
  } else {
    machine.lamport++;
    const wall = Math.max(machine.hlcWall, physical);
    machine.hlcLogical = wall === machine.hlcWall ? machine.hlcLogical + 1 : 0;
    machine.hlcWall = wall;
    if (randomBelow(10) < 2) {
      const other = state[(state.indexOf(machine) + 1 + randomBelow(machines - 1)) % machines]!;
      const id = `${machine.id}:${++machine.sent}`;
      other.queue.push({
        id,
        from: machine.id,
        lamport: machine.lamport,
        hlcWall: machine.hlcWall,
        hlcLogical: machine.hlcLogical,
        sentAt: now,
      });
      line = {
        type: "SEND",
        message: { id, kind: "DIRECT", to: [other.id], lamport: machine.lamport, sentAt: now },
      };
    } else {
      line = { type: "INTERNAL" };
    }
  }
  return `${JSON.stringify({
    seq: machine.seq,
    tick: machine.seq,
    type: line.type,
    trueTime: now,
    systemTime: now,
    lamport: machine.lamport,
    hlc: { wall: machine.hlcWall, logical: machine.hlcLogical },
    queueLength: machine.queue.length,
    ...(line.message === undefined ? {} : { message: line.message }),
  })}\n`;
}

const startedAt = Date.now();
const intervalMs = 1000 / ticksPerSecond;
let due = 0;
let lines = 0;
let stopping = false;
process.once("SIGTERM", () => {
  stopping = true;
});

function wake(): void {
  if (stopping) {
    for (const machine of state) closeSync(machine.fd);
    const seconds = (Date.now() - startedAt) / 1000;
    process.stdout.write(
      `${JSON.stringify({ lines, seconds, cpuSeconds: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 })}\n`,
    );
    return;
  }
  // Every machine ticks at the same rate, all together: one line per machine per tick.
  const target = Math.floor((Date.now() - startedAt) / intervalMs);
  while (due <= target) {
    const texts = new Map<Machine, string>();
    for (const machine of state) texts.set(machine, tick(machine, Date.now()));
    for (const [machine, text] of texts) writeSync(machine.fd, text);
    lines += machines;
    due++;
  }
  setTimeout(wake, Math.max(1, Math.min(WAKE_MS, startedAt + due * intervalMs - Date.now())));
}
wake();
