import { describe, expect, it } from "vitest";
import { Scheduler } from "./scheduler.ts";

describe("Scheduler", () => {
  it("runs events in virtual time and lets handlers schedule more", () => {
    const scheduler = new Scheduler(100);
    const seen: Array<[number, number]> = [];
    const handler = {
      handle(arg: number, _data: unknown, nowMs: number) {
        seen.push([arg, nowMs]);
        if (arg < 3) scheduler.at(nowMs + 10, handler, arg + 1);
      },
    };
    scheduler.at(100, handler, 1);
    expect(scheduler.run(1000)).toBe(3);
    expect(seen).toEqual([
      [1, 100],
      [2, 110],
      [3, 120],
    ]);
    expect(scheduler.nowMs).toBe(1000);
  });

  it("stops at the time limit and at the event limit", () => {
    const scheduler = new Scheduler(0);
    const seen: number[] = [];
    const handler = { handle: (arg: number) => seen.push(arg) };
    for (let i = 1; i <= 5; i++) scheduler.at(i * 10, handler, i);
    expect(scheduler.run(30)).toBe(3);
    expect(scheduler.nowMs).toBe(30);
    expect(scheduler.run(100, 1)).toBe(1);
    expect(scheduler.nowMs).toBe(40);
    expect(scheduler.nextTimeMs()).toBe(50);
    expect(scheduler.pending().map((e) => e.arg)).toEqual([5]);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it("refuses to schedule in the past", () => {
    const scheduler = new Scheduler(50);
    expect(() => scheduler.at(49, { handle() {} }, 0)).toThrow(/already 50/);
  });
});
