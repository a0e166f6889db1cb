// The sampled series: each row holds every machine's value of its last event at or before the
// row's instant (null before its first event), rows after a machine's latest event follow its
// current value, changed rows are reported once, and the grid coarsens instead of growing past
// its bound.
import { describe, expect, it } from "vitest";
import { SampleStore } from "./sampleStore.ts";

describe("SampleStore", () => {
  it("samples each machine's last value at or before every row's instant", () => {
    const store = new SampleStore(100);
    store.setOrigin(0);
    store.record(0, 0, 1, 0, 0);
    store.record(0, 150, 2, 1, 3);
    store.record(1, 250, 5, 0, 0);
    store.record(0, 300, 3, 0, 0);
    const columns = store.columns(0, store.rows - 1);
    expect(columns.rows).toBe(4);
    expect(columns.lamport).toEqual([
      [1, 1, 2, 3],
      [null, null, null, 5],
    ]);
    expect(columns.queueLength[0]).toEqual([0, 0, 1, 0]);
    expect(columns.hlcAheadMs[0]).toEqual([0, 0, 3, 0]);
  });

  it("reports the lowest changed row once", () => {
    const store = new SampleStore(100);
    store.setOrigin(0);
    store.record(0, 0, 1, 0, 0);
    store.record(0, 450, 2, 0, 0);
    expect(store.takeDirtyFrom()).toBe(0);
    expect(store.takeDirtyFrom()).toBeNull();
    store.record(1, 420, 7, 0, 0); // after row 4's instant (400 ms): no row changes yet
    expect(store.takeDirtyFrom()).toBeNull();
    store.record(2, 380, 6, 0, 0);
    expect(store.takeDirtyFrom()).toBe(4);
  });

  it("doubles its interval rather than pass its bound, keeping the values at the remaining instants", () => {
    const store = new SampleStore(100, 10);
    store.setOrigin(0);
    for (let t = 0; t <= 1900; t += 100) store.record(0, t, t / 100, 0, 0);
    expect(store.intervalMs).toBe(200);
    expect(store.generation).toBe(1);
    const columns = store.columns(0, store.rows - 1);
    expect(columns.lamport[0]).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });

  it("gives every step-th row of a range", () => {
    const store = new SampleStore(100);
    store.setOrigin(0);
    for (let t = 0; t <= 900; t += 100) store.record(0, t, t / 100, 0, 0);
    const columns = store.columns(1, 9, 4);
    expect(columns.fromRow).toBe(1);
    expect(columns.rows).toBe(3);
    expect(columns.lamport[0]).toEqual([1, 5, 9]);
  });
});
