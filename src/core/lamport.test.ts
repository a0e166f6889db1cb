import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lamportLocal, lamportReceive } from "./lamport.ts";

const counter = fc.nat({ max: Number.MAX_SAFE_INTEGER - 1 });

describe("lamport", () => {
  it("a local event or send advances by exactly one", () => {
    fc.assert(
      fc.property(counter, (lc) => {
        expect(lamportLocal(lc)).toBe(lc + 1);
      }),
    );
  });

  it("Lamport condition: a receive is greater than the message and than the receiver's previous value", () => {
    fc.assert(
      fc.property(counter, counter, (current, sent) => {
        const received = lamportReceive(current, sent);
        expect(received).toBeGreaterThan(sent);
        expect(received).toBeGreaterThan(current);
        expect(received).toBe(Math.max(current, sent) + 1);
      }),
    );
  });

  it("jumps past a message from the future and steps by one for a message from the past", () => {
    expect(lamportReceive(3, 10)).toBe(11);
    expect(lamportReceive(10, 3)).toBe(11);
    expect(lamportReceive(5, 5)).toBe(6);
  });
});
