// The absolute tick schedule against the real host clock: every tick runs, in order, none before
// its time; and a machine far behind at the end of the run stops instead of catching up.
import { describe, expect, it } from "vitest";
import { tickTimeMs } from "../core/schedule.ts";
import { hostNowMs } from "./clock.ts";
import { TickTimer } from "./tickTimer.ts";

function runTimer(t0Ms: number, ticksPerSecond: number, endAtMs: number, onTick: (tick: number) => void) {
  return new Promise<number[]>((resolve) => {
    const ticks: number[] = [];
    const timer = new TickTimer({
      t0Ms,
      ticksPerSecond,
      endAtMs,
      firstTick: 1,
      onTick: (tick) => {
        ticks.push(tick);
        onTick(tick);
      },
      onEnd: () => resolve(ticks),
    });
    timer.start();
  });
}

describe("TickTimer", () => {
  it("runs every tick up to and including the one due exactly at the end, never early", async () => {
    const t0 = hostNowMs() + 20;
    const early: number[] = [];
    const ticks = await runTimer(t0, 50, t0 + 200, (tick) => {
      if (hostNowMs() < tickTimeMs(t0, 50, tick)) early.push(tick);
    });
    expect(ticks).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(early).toEqual([]);
  });

  it("stops a machine that is far behind at the end instead of running its missed ticks", async () => {
    // t0 lies 10 s in the past and the run ended 9 s ago: nothing is due any more.
    const t0 = hostNowMs() - 10_000;
    const ticks = await runTimer(t0, 100, t0 + 1000, () => {});
    expect(ticks).toEqual([]);
  });
});
