// The two router measurements, identical for every relay: throughput with a bounded window of
// frames in flight, and one-way latency at a steady send rate.

import { sleep } from "./processes.ts";
import { epochNowMs, type RelayHarness } from "./relayHarness.ts";
import { type Distribution, distribution } from "./stats.ts";

export interface ThroughputResult {
  deliveriesPerSecond: number;
  deliveries: number;
  /** CPU seconds the relay process used over the counted window (NaN if unknown). */
  relayCpuSeconds: number;
}

/**
 * m1 keeps at most `windowFrames` frames in flight (a frame leaves the window once all its
 * deliveries have arrived); deliveries are counted over `measureMs` after `warmupMs`.
 * `relayCpuSeconds` reads the relay process's CPU time, sampled at both ends of that window.
 */
export async function measureThroughput(
  harness: RelayHarness,
  windowFrames: number,
  warmupMs: number,
  measureMs: number,
  relayCpuSeconds: () => number = () => Number.NaN,
): Promise<ThroughputResult> {
  let sentFrames = 0;
  let delivered = 0;
  let sending = true;
  const topUp = () => {
    if (!sending) return;
    const inFlight = sentFrames - Math.floor(delivered / harness.fanout);
    const room = windowFrames - inFlight;
    // Refill in slices of at least 1/8 window, so the sender writes in batches as a busy machine would.
    if (room >= Math.max(1, windowFrames >> 3)) {
      harness.send(room);
      sentFrames += room;
    }
  };
  harness.stamped = false;
  harness.onDeliveries = (count) => {
    delivered += count;
    topUp();
  };
  topUp();
  await sleep(warmupMs);
  const startCount = delivered;
  const startMs = performance.now();
  const startCpuS = relayCpuSeconds();
  await sleep(measureMs);
  const deliveries = delivered - startCount;
  const elapsedMs = performance.now() - startMs;
  const cpuS = relayCpuSeconds() - startCpuS;
  sending = false;
  // Let what is in flight arrive before the harness is closed.
  for (let i = 0; i < 100 && delivered < sentFrames * harness.fanout; i++) await sleep(20);
  harness.onDeliveries = () => {};
  return { deliveries, deliveriesPerSecond: deliveries / (elapsedMs / 1000), relayCpuSeconds: cpuS };
}

export interface LatencyResult {
  latencyUs: Distribution;
  samplesUs: number[];
  sent: number;
}

/** m1 sends `ratePerSecond` stamped frames on an absolute schedule; latencies after warmup count. */
export async function measureLatency(
  harness: RelayHarness,
  ratePerSecond: number,
  warmupMs: number,
  measureMs: number,
): Promise<LatencyResult> {
  const samplesUs: number[] = [];
  let measuring = false;
  harness.stamped = true;
  harness.onDeliveries = () => {};
  harness.onLatencyMs = (latencyMs) => {
    if (measuring) samplesUs.push(latencyMs * 1000);
  };
  const startMs = performance.now();
  const intervalMs = 1000 / ratePerSecond;
  const totalMs = warmupMs + measureMs;
  let sent = 0;
  await new Promise<void>((resolve) => {
    const step = () => {
      const nowMs = performance.now();
      measuring = nowMs - startMs >= warmupMs;
      // Send each message that is due, one at a time, stamped just before it is written.
      const due = Math.min(Math.floor((nowMs - startMs) / intervalMs), Math.floor(totalMs / intervalMs));
      while (sent < due) {
        harness.sendStamped(epochNowMs());
        sent++;
      }
      if (nowMs - startMs >= totalMs) resolve();
      else setTimeout(step, Math.max(0, startMs + (sent + 1) * intervalMs - performance.now()));
    };
    step();
  });
  await sleep(100);
  measuring = false;
  harness.stamped = false;
  harness.onLatencyMs = () => {};
  return { latencyUs: distribution(samplesUs), samplesUs, sent };
}
