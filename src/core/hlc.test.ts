import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hlcCompare, hlcLocal, hlcReceive } from "./hlc.ts";
import type { HlcTimestamp } from "./types.ts";

const ms = fc.integer({ min: 0, max: 2_000_000_000_000 });
const timestamp: fc.Arbitrary<HlcTimestamp> = fc.record({ wall: ms, logical: fc.nat({ max: 1000 }) });

type Step =
  | { kind: "local"; physical: number }
  | { kind: "receive"; physical: number; message: HlcTimestamp };

/** Physical times that wander, jump back and repeat, around a base: a badly behaved clock. */
const steps = (base: number) =>
  fc
    .array(
      fc.oneof(
        fc.record({ kind: fc.constant("local" as const), physical: fc.integer({ min: -50, max: 50 }) }),
        fc.record({
          kind: fc.constant("receive" as const),
          physical: fc.integer({ min: -50, max: 50 }),
          message: fc.record({ wall: fc.integer({ min: -60, max: 60 }), logical: fc.nat({ max: 20 }) }),
        }),
      ),
      { maxLength: 60 },
    )
    .map((list): Step[] =>
      list.map((step) =>
        step.kind === "local"
          ? { kind: "local", physical: base + step.physical }
          : {
              kind: "receive",
              physical: base + step.physical,
              message: { wall: base + step.message.wall, logical: step.message.logical },
            },
      ),
    );

describe("hlcCompare", () => {
  it("orders by wall, then by logical", () => {
    expect(hlcCompare({ wall: 1, logical: 9 }, { wall: 2, logical: 0 })).toBeLessThan(0);
    expect(hlcCompare({ wall: 2, logical: 0 }, { wall: 2, logical: 1 })).toBeLessThan(0);
    expect(hlcCompare({ wall: 2, logical: 1 }, { wall: 2, logical: 1 })).toBe(0);
    expect(hlcCompare({ wall: 3, logical: 0 }, { wall: 2, logical: 5 })).toBeGreaterThan(0);
  });

  it("is antisymmetric", () => {
    fc.assert(
      fc.property(timestamp, timestamp, (a, b) => {
        expect(Math.sign(hlcCompare(a, b)) + Math.sign(hlcCompare(b, a))).toBe(0);
      }),
    );
  });
});

describe("hlc rules", () => {
  it("local: follows physical time when it is ahead, otherwise counts up the logical part", () => {
    expect(hlcLocal({ wall: 10, logical: 3 }, 20)).toEqual({ wall: 20, logical: 0 });
    expect(hlcLocal({ wall: 10, logical: 3 }, 10)).toEqual({ wall: 10, logical: 4 });
    expect(hlcLocal({ wall: 10, logical: 3 }, 5)).toEqual({ wall: 10, logical: 4 });
  });

  it("receive: takes the largest wall and breaks ties with the logical parts", () => {
    expect(hlcReceive({ wall: 10, logical: 3 }, { wall: 10, logical: 7 }, 5)).toEqual({
      wall: 10,
      logical: 8,
    });
    expect(hlcReceive({ wall: 10, logical: 3 }, { wall: 8, logical: 7 }, 5)).toEqual({
      wall: 10,
      logical: 4,
    });
    expect(hlcReceive({ wall: 10, logical: 3 }, { wall: 12, logical: 7 }, 5)).toEqual({
      wall: 12,
      logical: 8,
    });
    expect(hlcReceive({ wall: 10, logical: 3 }, { wall: 12, logical: 7 }, 15)).toEqual({
      wall: 15,
      logical: 0,
    });
  });

  it("every new timestamp is greater than the previous one, wall >= physical time, receive > message", () => {
    const run = ms.chain((base) =>
      fc.tuple(fc.constant(base), fc.integer({ min: -60, max: 60 }), steps(base)),
    );
    fc.assert(
      fc.property(run, ([base, startOffset, list]) => {
        let current: HlcTimestamp = { wall: base + startOffset, logical: 0 };
        for (const step of list) {
          const next =
            step.kind === "local"
              ? hlcLocal(current, step.physical)
              : hlcReceive(current, step.message, step.physical);
          expect(hlcCompare(next, current)).toBeGreaterThan(0);
          expect(next.wall).toBeGreaterThanOrEqual(step.physical);
          if (step.kind === "receive") expect(hlcCompare(next, step.message)).toBeGreaterThan(0);
          current = next;
        }
      }),
    );
  });

  it("monotonic for arbitrary (unrelated) current, message and physical values", () => {
    fc.assert(
      fc.property(timestamp, timestamp, ms, (current, message, physical) => {
        const local = hlcLocal(current, physical);
        expect(hlcCompare(local, current)).toBeGreaterThan(0);
        expect(local.wall).toBeGreaterThanOrEqual(physical);
        const received = hlcReceive(current, message, physical);
        expect(hlcCompare(received, current)).toBeGreaterThan(0);
        expect(hlcCompare(received, message)).toBeGreaterThan(0);
        expect(received.wall).toBeGreaterThanOrEqual(physical);
      }),
    );
  });

  it("bounded drift: wall is never beyond the largest time seen, and logical resets when physical time leads", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), steps(1_000_000), (base, list) => {
        let current: HlcTimestamp = { wall: base, logical: 0 };
        let largestSeen = base;
        let sinceWallMoved = 0;
        for (const step of list) {
          const previous = current;
          current =
            step.kind === "local"
              ? hlcLocal(current, step.physical)
              : hlcReceive(current, step.message, step.physical);
          largestSeen = Math.max(largestSeen, step.physical, step.kind === "receive" ? step.message.wall : 0);
          // The wall is exactly the largest physical time or message wall seen: it never runs ahead of them.
          expect(current.wall).toBe(largestSeen);
          const messageWall = step.kind === "receive" ? step.message.wall : Number.NEGATIVE_INFINITY;
          if (step.physical > previous.wall && step.physical > messageWall) expect(current.logical).toBe(0);
          // Local events only: the logical part counts events since the wall last moved.
          if (step.kind === "local") {
            sinceWallMoved = current.wall === previous.wall ? sinceWallMoved + 1 : 0;
            if (list.every((s) => s.kind === "local"))
              expect(current.logical).toBeLessThanOrEqual(sinceWallMoved);
          }
        }
      }),
    );
  });

  it("with a physical clock that advances between events, the logical part stays 0", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 50 }), (gaps) => {
        let physical = 1000;
        let current: HlcTimestamp = { wall: 0, logical: 0 };
        for (const gap of gaps) {
          physical += gap;
          current = hlcLocal(current, physical);
          expect(current).toEqual({ wall: physical, logical: 0 });
        }
      }),
    );
  });
});
