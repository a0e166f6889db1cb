// The wake policy on made-up observations: the lead follows a high quantile of the timer's lateness
// within its bounds, and the busy tail follows the sleep's overshoot but never costs more than its
// share of a core at the rate final waits come in.
import { describe, expect, it } from "vitest";
import { DEFAULT_WAKE_POLICY, SampleWindow, WakePolicy } from "./wakePolicy.ts";

describe("SampleWindow", () => {
  it("keeps its initial value until it has a few samples, then follows the quantile of the recent ones", () => {
    const window = new SampleWindow(100, 0.9, 5);
    for (let i = 0; i < 7; i++) window.add(1);
    expect(window.value).toBe(5);
    for (let i = 7; i < 100; i++) window.add(i % 10 === 0 ? 100 : 1);
    expect(window.value).toBe(1);
    // Old samples leave the window: a host that got slower is followed.
    for (let i = 0; i < 100; i++) window.add(i % 2 === 0 ? 3 : 2);
    expect(window.value).toBe(3);
  });
});

describe("WakePolicy", () => {
  it("arms the timer early by the timer's usual lateness plus the busy tail, within the bound", () => {
    const policy = new WakePolicy();
    expect(policy.leadMs).toBe(DEFAULT_WAKE_POLICY.initialLeadMs + policy.spinMs);
    // Timers that fire from 1 ms early to 0.6 ms late.
    for (let i = 0; i < 128; i++) policy.timerFired(1000 + i * 20, 1000 + i * 20 - 1 + (i % 17) * 0.1);
    expect(policy.leadMs).toBeCloseTo(0.6 + policy.spinMs, 9);
    // A loaded host: the lead stops at its bound, so a final wait never blocks longer than that.
    for (let i = 0; i < 128; i++) policy.timerFired(0, 40);
    expect(policy.leadMs).toBe(DEFAULT_WAKE_POLICY.maxLeadMs);
    expect(policy.maxWaitMs).toBe(DEFAULT_WAKE_POLICY.maxLeadMs);
  });

  it("never arms the timer late, even when the timer fires early", () => {
    const policy = new WakePolicy({ ...DEFAULT_WAKE_POLICY, maxSpinMs: 0 });
    for (let i = 0; i < 64; i++) policy.timerFired(100, 98);
    expect(policy.leadMs).toBe(0);
  });

  it("spins for the sleep's usual overshoot when the budget allows it", () => {
    const policy = new WakePolicy();
    // Six final waits a second: the budget (0.5% of a core) allows 0.83 ms of spin per wait.
    for (let i = 0; i < 64; i++) {
      policy.waitBegins(i * (1000 / 6));
      policy.sleptUntil(i * (1000 / 6), i * (1000 / 6) + 0.1);
    }
    expect(policy.spinMs).toBeCloseTo(0.1, 9);
  });

  it("caps the busy tail at its share of a core, at the rate final waits come in", () => {
    const policy = new WakePolicy();
    // Sleeps that overshoot by 0.2 ms, 500 final waits a second (several machines in one process).
    for (let i = 0; i < 200; i++) {
      policy.waitBegins(i * 2);
      policy.sleptUntil(i * 2, i * 2 + 0.2);
    }
    const { spinCpuShare } = DEFAULT_WAKE_POLICY;
    expect(policy.spinMs).toBeCloseTo(spinCpuShare * 2, 6);
    expect(policy.spinMs * 500).toBeLessThanOrEqual(spinCpuShare * 1000 + 1e-9);
  });

  it("with no share of a core to spin, never spins and still has a lead (no NaN before the first waits)", () => {
    const policy = new WakePolicy({ ...DEFAULT_WAKE_POLICY, spinCpuShare: 0 });
    expect(policy.spinMs).toBe(0);
    expect(policy.leadMs).toBe(DEFAULT_WAKE_POLICY.initialLeadMs);
    policy.waitBegins(0);
    policy.waitBegins(1000 / 60);
    expect(policy.spinMs).toBe(0);
  });
});
