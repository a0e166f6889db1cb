// The core router: handshake and barrier, routing between three machines.
import { beforeEach, describe, expect, it } from "vitest";
import {
  closed,
  errorCode,
  framesTo,
  hello,
  logs,
  OPTIONS,
  send,
  startedRouter,
} from "../../test/helpers/routerKit.ts";
import { ProtocolError } from "./errors.ts";
import { Router } from "./router.ts";
import type { MessageKind } from "./types.ts";

describe("Router handshake and start barrier", () => {
  it("answers hello with welcome, and opens the barrier only when the expected count joined", () => {
    const router = new Router({ ...OPTIONS, durationMs: 60_000 });
    for (const c of [1, 2, 3]) router.connect(c);

    const first = router.receive(1, hello("m2", { ticksPerSecond: 4 }), 100);
    expect(framesTo(first, 1)).toEqual([
      { type: "welcome", protocol: 1, runId: "run-1", peers: ["m2"], seed: 7 },
    ]);
    expect(logs(first)).toEqual([{ type: "joined", at: 100, id: "m2", rejoin: false, ticksPerSecond: 4 }]);
    expect(router.started).toBe(false);

    const second = router.receive(2, hello("m1"), 200);
    expect(framesTo(second, 2)).toEqual([
      { type: "welcome", protocol: 1, runId: "run-1", peers: ["m1", "m2"], seed: 7 },
    ]);
    expect(framesTo(second, 1)).toEqual([]);
    expect(router.started).toBe(false);

    const third = router.receive(3, hello("m3"), 1000);
    expect(router.started).toBe(true);
    const startFrame = {
      type: "start",
      t0: 1250,
      peers: ["m1", "m2", "m3"],
      endAt: 61_250,
      plan: expect.objectContaining({ actions: expect.any(Object), vectorClocks: true }),
    };
    expect(framesTo(third, 3)).toEqual([
      { type: "welcome", protocol: 1, runId: "run-1", peers: ["m1", "m2", "m3"], seed: 7 },
      startFrame,
    ]);
    expect(framesTo(third, 1)).toEqual([startFrame]);
    expect(framesTo(third, 2)).toEqual([startFrame]);
    expect(logs(third)).toContainEqual({
      type: "started",
      at: 1000,
      t0: 1250,
      peers: ["m1", "m2", "m3"],
      endAt: 61_250,
    });
    expect(router.members).toEqual(["m1", "m2", "m3"]);
    expect(router.connectedIds.sort()).toEqual(["m1", "m2", "m3"]);
  });

  it("refuses a duplicate id without disturbing the machine that has it", () => {
    const router = new Router(OPTIONS);
    router.connect(1);
    router.connect(2);
    router.receive(1, hello("m1"), 0);
    const effects = router.receive(2, hello("m1"), 1);
    expect(errorCode(effects, 2)).toBe("DUPLICATE_ID");
    expect(closed(effects)).toEqual([2]);
    expect(framesTo(effects, 1)).toEqual([]);
    expect(logs(effects).filter((e) => e.type === "left")).toEqual([]);
    expect(logs(effects)).toContainEqual(
      expect.objectContaining({ type: "rejected", id: "m1", code: "DUPLICATE_ID" }),
    );
    expect(router.connectedIds).toEqual(["m1"]);
  });

  it("refuses a second hello on the same connection (ALREADY_HELLO)", () => {
    const router = new Router(OPTIONS);
    router.connect(1);
    router.receive(1, hello("m1"), 0);
    expect(errorCode(router.receive(1, hello("m2"), 1), 1)).toBe("ALREADY_HELLO");
  });

  it("refuses another protocol version", () => {
    const router = new Router(OPTIONS);
    router.connect(1);
    expect(errorCode(router.receive(1, { ...hello("m1"), protocol: 2 }, 0), 1)).toBe("PROTOCOL_VERSION");
  });

  it("with a token configured, refuses a missing or wrong token (BAD_TOKEN) and accepts the right one", () => {
    const router = new Router({ ...OPTIONS, token: "correct-horse" });
    for (const c of [1, 2, 3, 4]) router.connect(c);
    const missing = router.receive(1, hello("m1"), 0);
    expect(errorCode(missing, 1)).toBe("BAD_TOKEN");
    expect(closed(missing)).toEqual([1]);
    expect(errorCode(router.receive(2, hello("m1", { token: "correct-horsf" }), 0), 2)).toBe("BAD_TOKEN");
    expect(errorCode(router.receive(3, hello("m1", { token: "correct-horse!" }), 0), 3)).toBe("BAD_TOKEN");
    const ok = router.receive(4, hello("m1", { token: "correct-horse" }), 0);
    expect(framesTo(ok, 4)[0]?.type).toBe("welcome");
  });

  it("refuses ids outside allowedIds (UNKNOWN_ID)", () => {
    const router = new Router({ ...OPTIONS, allowedIds: ["m1", "m2", "m3"] });
    router.connect(1);
    router.connect(2);
    const effects = router.receive(1, hello("m4"), 0);
    expect(errorCode(effects, 1)).toBe("UNKNOWN_ID");
    const error = framesTo(effects, 1)[0];
    expect(error?.type === "error" && error.message).toContain("m4");
    expect(framesTo(router.receive(2, hello("m3"), 0), 2)[0]?.type).toBe("welcome");
  });

  it("refuses a new id once the run has its machines (RUN_FULL)", () => {
    const router = startedRouter();
    router.connect(4);
    const effects = router.receive(4, hello("m4"), 2000);
    expect(errorCode(effects, 4)).toBe("RUN_FULL");
    expect(closed(effects)).toEqual([4]);
    expect(router.counts.rejected).toBe(1);
  });

  it("refuses send before hello (HELLO_REQUIRED) and before start (NOT_STARTED)", () => {
    const router = new Router(OPTIONS);
    router.connect(1);
    router.connect(2);
    const early = router.receive(1, send("m1", "SEND_FIRST"), 0);
    expect(errorCode(early, 1)).toBe("HELLO_REQUIRED");
    expect(closed(early)).toEqual([1]);
    router.receive(2, hello("m1"), 0);
    const notStarted = router.receive(2, send("m2", "SEND_FIRST"), 1);
    expect(errorCode(notStarted, 2)).toBe("NOT_STARTED");
    expect(closed(notStarted)).toEqual([2]);
    expect(logs(notStarted)).toContainEqual({
      type: "left",
      at: 1,
      id: "m1",
      reason: "protocol error NOT_STARTED",
    });
  });

  it("rejects a malformed frame with INVALID_FIELD / UNKNOWN_TYPE and an undecodable one with its code", () => {
    const router = new Router(OPTIONS);
    for (const c of [1, 2, 3]) router.connect(c);
    expect(errorCode(router.receive(1, { type: "hello", protocol: 1 }, 0), 1)).toBe("INVALID_FIELD");
    expect(errorCode(router.receive(2, { type: "nonsense" }, 0), 2)).toBe("UNKNOWN_TYPE");
    const undecodable = router.rejectUndecodable(3, new ProtocolError("BAD_JSON", "nope"), 0);
    expect(errorCode(undecodable, 3)).toBe("BAD_JSON");
    expect(closed(undecodable)).toEqual([3]);
  });

  it("ignores frames on a connection it does not know or already closed", () => {
    const router = new Router(OPTIONS);
    expect(router.receive(9, hello("m1"), 0)).toEqual([]);
    router.connect(1);
    router.receive(1, { type: "bogus" }, 0);
    expect(router.receive(1, hello("m1"), 0)).toEqual([]);
  });
});

describe("Router routing with 3 machines", () => {
  let router: Router;
  beforeEach(() => {
    router = startedRouter();
  });

  const table: Array<[string, number, MessageKind, string | undefined, string[]]> = [
    ["SEND_FIRST from m1", 1, "SEND_FIRST", undefined, ["m2"]],
    ["SEND_FIRST from m2", 2, "SEND_FIRST", undefined, ["m1"]],
    ["SEND_SECOND from m1", 1, "SEND_SECOND", undefined, ["m3"]],
    ["SEND_SECOND from m3", 3, "SEND_SECOND", undefined, ["m2"]],
    ["BROADCAST from m2", 2, "BROADCAST", undefined, ["m1", "m3"]],
    ["DIRECT m3 -> m1", 3, "DIRECT", "m1", ["m1"]],
  ];
  it.each(table)("%s", (_name, connection, kind, to, expected) => {
    const frame = send(`m${connection}`, kind, to === undefined ? {} : { to });
    const effects = router.receive(connection, frame, 2000);
    const from = `m${connection}`;
    const routed = logs(effects).filter((e) => e.type === "routed");
    expect(routed.map((e) => e.type === "routed" && e.to)).toEqual(expected);
    for (const target of [1, 2, 3]) {
      const frames = framesTo(effects, target);
      if (expected.includes(`m${target}`)) {
        const { type: _type, ...fields } = frame;
        expect(frames).toEqual([{ type: "deliver", ...fields, from, routedAt: 2000 }]);
      } else {
        expect(frames).toEqual([]);
      }
    }
    expect(router.counts.routed).toBe(expected.length);
    expect(closed(effects)).toEqual([]);
  });

  it("DIRECT to an unknown machine or to itself is dropped as unknown-destination", () => {
    const unknown = router.receive(1, send("m1", "DIRECT", { to: "m9", id: "m1:5", lamport: 5 }), 2000);
    expect(unknown.filter((e) => e.type === "send")).toEqual([]);
    expect(logs(unknown)).toEqual([
      {
        type: "dropped",
        at: 2000,
        id: "m1:5",
        from: "m1",
        to: "m9",
        kind: "DIRECT",
        lamport: 5,
        reason: "unknown-destination",
      },
    ]);
    const self = router.receive(1, send("m1", "DIRECT", { to: "m1" }), 2001);
    expect(logs(self)).toEqual([
      expect.objectContaining({ type: "dropped", to: "m1", reason: "unknown-destination" }),
    ]);
    expect(router.counts.dropped).toBe(2);
    expect(closed([...unknown, ...self])).toEqual([]);
  });

  it("stamps the sender from the connection's hello id; a claimed `from` is ignored", () => {
    const effects = router.receive(1, send("m1", "SEND_FIRST", { from: "m3" }), 2000);
    const [deliver] = framesTo(effects, 2);
    expect(deliver).toMatchObject({ type: "deliver", from: "m1" });
    expect(logs(effects)).toEqual([expect.objectContaining({ type: "routed", from: "m1", to: "m2" })]);
    expect(framesTo(effects, 3)).toEqual([]);
  });

  it("a message to a disconnected machine is logged as dropped with reason machine-gone", () => {
    expect(logs(router.disconnect(3, 1500, "socket closed"))).toEqual([
      { type: "left", at: 1500, id: "m3", reason: "socket closed" },
    ]);
    const effects = router.receive(1, send("m1", "BROADCAST", { id: "m1:2", lamport: 2 }), 2000);
    expect(framesTo(effects, 2)).toHaveLength(1);
    expect(logs(effects)).toContainEqual({
      type: "dropped",
      at: 2000,
      id: "m1:2",
      from: "m1",
      to: "m3",
      kind: "BROADCAST",
      lamport: 2,
      reason: "machine-gone",
    });
    expect(router.counts).toEqual({ routed: 1, dropped: 1, rejected: 0 });
  });

  it("a machine that rejoins after a disconnect gets welcome and start at once, and receives again", () => {
    router.disconnect(2, 1500, "crash");
    router.connect(7);
    const effects = router.receive(7, hello("m2"), 3000);
    expect(logs(effects)).toEqual([{ type: "joined", at: 3000, id: "m2", rejoin: true }]);
    expect(framesTo(effects, 7)).toEqual([
      { type: "welcome", protocol: 1, runId: "run-1", peers: ["m1", "m2", "m3"], seed: 7 },
      { type: "start", t0: 1250, peers: ["m1", "m2", "m3"], plan: expect.any(Object) },
    ]);
    expect(framesTo(effects, 1)).toEqual([]);
    const routed = router.receive(1, send("m1", "SEND_FIRST"), 3100);
    expect(framesTo(routed, 7)).toHaveLength(1);
    expect(framesTo(routed, 2)).toEqual([]);
  });

  it("bye logs left with the reason and closes; a later disconnect logs nothing more", () => {
    const effects = router.receive(2, { type: "bye", reason: "duration reached" }, 5000);
    expect(logs(effects)).toEqual([{ type: "left", at: 5000, id: "m2", reason: "duration reached" }]);
    expect(closed(effects)).toEqual([2]);
    expect(router.disconnect(2, 5001, "socket closed")).toEqual([]);
    expect(router.connectedIds.sort()).toEqual(["m1", "m3"]);
    const dropped = router.receive(1, send("m1", "SEND_FIRST"), 5002);
    expect(logs(dropped)).toEqual([
      expect.objectContaining({ type: "dropped", to: "m2", reason: "machine-gone" }),
    ]);
  });

  it("bye before hello just closes", () => {
    router.connect(9);
    expect(router.receive(9, { type: "bye", reason: "x" }, 0)).toEqual([{ type: "close", connection: 9 }]);
  });

  it("an error on one connection does not disturb the others: their later sends still route", () => {
    const bad = router.receive(2, { type: "send", kind: "SEND_FIRST" }, 2000);
    expect(errorCode(bad, 2)).toBe("INVALID_FIELD");
    expect(closed(bad)).toEqual([2]);
    expect(framesTo(bad, 1)).toEqual([]);
    expect(framesTo(bad, 3)).toEqual([]);
    expect(logs(bad)).toContainEqual({
      type: "left",
      at: 2000,
      id: "m2",
      reason: "protocol error INVALID_FIELD",
    });

    const undecodable = router.rejectUndecodable(3, new ProtocolError("FRAME_TOO_LARGE", "too big"), 2001);
    expect(closed(undecodable)).toEqual([3]);

    // A stranger's bad hello does not disturb anyone either.
    router.connect(8);
    expect(errorCode(router.receive(8, hello("m1"), 2002), 8)).toBe("DUPLICATE_ID");

    expect(router.connectedIds).toEqual(["m1"]);
    router.connect(4);
    router.receive(4, hello("m2"), 2003);
    const later = router.receive(1, send("m1", "BROADCAST"), 2004);
    expect(framesTo(later, 4)).toHaveLength(1);
    expect(logs(later)).toContainEqual(
      expect.objectContaining({ type: "dropped", to: "m3", reason: "machine-gone" }),
    );
  });
});
