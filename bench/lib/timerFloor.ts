// The floor under the router's held-delivery lateness on this host: a bare Node process that, like
// the router with a 1 ms latency fault at 1,000 deliveries/s, has one delivery due 1 ms after each
// arrival and arms a timer (src/runtime/wakeTimer.ts) for the earliest due one. Arrivals come off
// a timer here, on the event loop's millisecond ticks, where the router's come off sockets at any
// phase: each due time gets a uniform 0-1 ms phase so the timers are armed as the router's are (and,
// as the router's per-link FIFO does, is never before the previous one). Prints
// {"latenessMs":[...]} (fire time - due time, after the warm-up) and exits.
// Usage: timerFloor.ts --rate-per-s 1000 --delay-ms 1 --warmup-ms 1000 --measure-ms 5000
import { hostNowMs } from "../../src/runtime/clock.ts";
import { WakeTimer } from "../../src/runtime/wakeTimer.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const intervalMs = 1000 / flag("rate-per-s", 1000);
const delayMs = flag("delay-ms", 1);
const warmupMs = flag("warmup-ms", 1000);
const totalMs = warmupMs + flag("measure-ms", 5000);

const startMs = hostNowMs();
const dueMs: number[] = [];
const latenessMs: number[] = [];
let arrivals = 0;
let lastDueMs = 0;
const timer = new WakeTimer(wake);

/** The timer fired: deliveries due by now leave; the timer is armed for the next one. */
function wake(): void {
  const nowMs = hostNowMs();
  while (dueMs.length > 0 && dueMs[0]! <= nowMs) {
    const due = dueMs.shift()!;
    if (due - startMs >= warmupMs) latenessMs.push(nowMs - due);
  }
  if (dueMs.length > 0) timer.armAt(dueMs[0]!);
}

/** Arrivals on an absolute schedule, as the router bench's sender makes them. */
function arrive(): void {
  const nowMs = hostNowMs();
  const due = Math.min(Math.floor((nowMs - startMs) / intervalMs), Math.floor(totalMs / intervalMs));
  for (; arrivals < due; arrivals++) {
    lastDueMs = Math.max(lastDueMs, nowMs + delayMs + Math.random());
    dueMs.push(lastDueMs);
  }
  // As the router: an arrival only arms the timer; held deliveries leave when it fires.
  if (dueMs.length > 0) timer.armAt(dueMs[0]!);
  if (nowMs - startMs < totalMs)
    setTimeout(arrive, Math.max(0, startMs + (arrivals + 1) * intervalMs - hostNowMs()));
  else setTimeout(() => process.stdout.write(`${JSON.stringify({ latenessMs })}\n`), delayMs + 50);
}
arrive();
