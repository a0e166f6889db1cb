// The core router: the run's lifecycle (done, the end, what comes after), refused sends, machines stopped early.
import { describe, expect, it } from "vitest";
import {
  errorCode,
  framesTo,
  hello,
  logs,
  OPTIONS,
  send,
  startedRouter,
} from "../../test/helpers/routerKit.ts";
import type { ConnectionId } from "./router.ts";
import { Router, type RouterEffect } from "./router.ts";

describe("Router run lifecycle: done, end, and what comes after", () => {
  const withDuration = () => startedRouter({ durationMs: 10_000 }); // t0 1250, endAt 11_250
  const endFrames = (effects: RouterEffect[], connection: ConnectionId) =>
    framesTo(effects, connection).filter((f) => f.type === "end");

  it("ends the run once every machine said done, with an end frame after its last delivery", () => {
    const router = withDuration();
    expect(logs(router.receive(1, { type: "done", ticks: 60 }, 11_250))).toEqual([
      { type: "done", at: 11_250, id: "m1", ticks: 60 },
    ]);
    // m1 is done but still takes deliveries.
    const late = router.receive(2, send("m2", "SEND_FIRST"), 11_250);
    expect(framesTo(late, 1).map((f) => f.type)).toEqual(["deliver"]);
    router.receive(2, { type: "done" }, 11_251);
    const last = router.receive(3, { type: "done" }, 11_252);
    for (const connection of [1, 2, 3])
      expect(endFrames(last, connection)).toEqual([{ type: "end", reason: "duration reached" }]);
    expect(last).toContainEqual({ type: "ended", status: "completed", reason: "duration reached" });
    expect(logs(last)).toContainEqual({
      type: "ended",
      at: 11_252,
      status: "completed",
      reason: "duration reached",
    });
    expect(router.phase).toBe("ended");
  });

  it("a send that arrives after the end is dropped and recorded as run-ended", () => {
    const router = withDuration();
    for (const c of [1, 2, 3]) router.receive(c, { type: "done" }, 11_250);
    const effects = router.receive(1, send("m1", "BROADCAST", { id: "m1:99" }), 11_300);
    expect(effects.filter((e) => e.type === "send")).toEqual([]);
    expect(logs(effects)).toEqual([
      expect.objectContaining({ type: "dropped", id: "m1:99", to: "m2", reason: "run-ended" }),
      expect.objectContaining({ type: "dropped", id: "m1:99", to: "m3", reason: "run-ended" }),
    ]);
  });

  it("does not wait for a machine that is gone once the end time has come", () => {
    const router = withDuration();
    router.disconnect(3, 5000, "connection lost");
    router.receive(1, { type: "done" }, 11_230);
    const before = router.receive(2, { type: "done" }, 11_240);
    // All connected machines are done before the end time: m3 may still come back, so wait.
    expect(before.some((e) => e.type === "ended")).toBe(false);
    expect(router.nextWakeMs).toBe(11_250);
    const effects = router.wake(11_250);
    expect(effects).toContainEqual({ type: "ended", status: "completed", reason: "duration reached" });
  });

  it("ends at the end of the grace when a machine never says done", () => {
    const router = startedRouter({ durationMs: 10_000, endGraceMs: 3000 });
    router.receive(1, { type: "done" }, 11_250);
    router.receive(2, { type: "done" }, 11_250);
    expect(router.wake(11_250).some((e) => e.type === "ended")).toBe(false);
    expect(router.nextWakeMs).toBe(14_250);
    expect(router.wake(14_249).some((e) => e.type === "ended")).toBe(false);
    const effects = router.wake(14_250);
    expect(endFrames(effects, 3)).toHaveLength(1);
    expect(effects).toContainEqual({ type: "ended", status: "completed", reason: "duration reached" });
  });

  it("an interrupt ends the run as interrupted when the machines are done, or at its deadline", () => {
    const router = startedRouter({ durationMs: 60_000, interruptGraceMs: 1000 });
    expect(router.interrupt("SIGINT", 5000)).toEqual([]);
    router.receive(1, { type: "done" }, 5010);
    router.receive(2, { type: "done" }, 5010);
    expect(router.nextWakeMs).toBe(6000);
    const effects = router.wake(6000);
    expect(effects).toContainEqual({ type: "ended", status: "interrupted", reason: "SIGINT" });
  });

  it("a machine that leaves before the start frees its place in the barrier", () => {
    const router = new Router({ ...OPTIONS });
    for (const c of [1, 2, 3, 4]) router.connect(c);
    router.receive(1, hello("m1"), 0);
    router.receive(4, hello("m4"), 1);
    router.receive(4, { type: "bye", reason: "SIGINT" }, 2);
    router.receive(2, hello("m2"), 3);
    expect(router.started).toBe(false);
    const third = router.receive(3, hello("m3"), 4);
    expect(errorCode(third, 3)).toBeUndefined();
    expect(router.started).toBe(true);
    expect(router.members).toEqual(["m1", "m2", "m3"]);
  });

  it("puts the plan in each start frame, with the speed a machine asked for", () => {
    const router = new Router({ ...OPTIONS, durationMs: 1000 });
    for (const c of [1, 2, 3]) router.connect(c);
    router.receive(1, hello("m1", { ticksPerSecond: 9 }), 0);
    router.receive(2, hello("m2"), 0);
    const effects = router.receive(3, hello("m3"), 0);
    const start = framesTo(effects, 1).find((f) => f.type === "start");
    expect(start?.type === "start" && start.plan?.ticksPerSecond).toBe(9);
    const started = effects.find((e) => e.type === "started");
    expect(
      started?.type === "started" && started.plan.machines.find((m) => m.id === "m1")?.ticksPerSecond,
    ).toBe(9);
  });
});

describe("Router refuses sends that are not what they claim", () => {
  it("refuses a message id that is not the sender's, recording the message's fate", () => {
    const router = startedRouter();
    const effects = router.receive(1, send("m2", "BROADCAST", { id: "m2:1" }), 2000);
    expect(errorCode(effects, 1)).toBe("INVALID_FIELD");
    expect(framesTo(effects, 1).find((f) => f.type === "error")).toMatchObject({
      message: expect.stringContaining('expected "m1:<n>"'),
    });
    expect(logs(effects)).toContainEqual(
      expect.objectContaining({ type: "rejected", messageId: "m2:1", id: "m1" }),
    );
    const drops = logs(effects).filter((e) => e.type === "dropped");
    expect(drops.map((e) => e.type === "dropped" && `${e.to}:${e.reason}`)).toEqual([
      "m2:rejected",
      "m3:rejected",
    ]);
    expect(framesTo(effects, 2)).toEqual([]);
  });

  it.each([
    ["lamport", { lamport: Number.MAX_SAFE_INTEGER }],
    ["a vector entry", { vector: { m1: 1, m2: Number.MAX_SAFE_INTEGER } }],
    ["hlc.logical", { hlc: { wall: 1, logical: Number.MAX_SAFE_INTEGER } }],
    ["hlc.wall", { hlc: { wall: Number.MAX_SAFE_INTEGER, logical: 0 } }],
  ])(
    "refuses a clock value (%s) no run could have reached, so no receiver is pushed towards 2^53",
    (_name, extra) => {
      const router = startedRouter();
      const effects = router.receive(1, send("m1", "SEND_FIRST", extra), 2000);
      expect(errorCode(effects, 1)).toBe("INVALID_FIELD");
      expect(framesTo(effects, 2)).toEqual([]);
      expect(logs(effects)).toContainEqual(
        expect.objectContaining({ type: "dropped", to: "m2", reason: "rejected" }),
      );
    },
  );

  it("accepts the clock values a real run reaches", () => {
    const router = startedRouter();
    const effects = router.receive(
      1,
      send("m1", "SEND_FIRST", { lamport: 40, hlc: { wall: 2000, logical: 3 } }),
      2000,
    );
    expect(framesTo(effects, 2)).toHaveLength(1);
  });

  it("refuses the ids the run directory uses for its own files", () => {
    const router = new Router(OPTIONS);
    router.connect(1);
    const effects = router.receive(1, hello("router"), 0);
    expect(errorCode(effects, 1)).toBe("INVALID_FIELD");
    expect(framesTo(effects, 1).find((f) => f.type === "error")).toMatchObject({
      message: expect.stringContaining("reserved"),
    });
  });
});

describe("Router: machines stopped early", () => {
  it("records the run as interrupted when a machine says it was stopped before its last tick", () => {
    const router = startedRouter({ durationMs: 60_000 });
    router.receive(1, { type: "done", reason: "SIGINT" }, 5000);
    router.receive(2, { type: "done", reason: "SIGINT" }, 5000);
    const effects = router.receive(3, { type: "done", reason: "SIGINT" }, 5001);
    expect(effects).toContainEqual({ type: "ended", status: "interrupted", reason: "SIGINT" });
  });
});
