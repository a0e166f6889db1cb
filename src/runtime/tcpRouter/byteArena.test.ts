// The byte arena takes memory only once used, hands out copies, and lets go of a large buffer.
import { describe, expect, it } from "vitest";
import { ByteArena } from "./byteArena.ts";

describe("ByteArena", () => {
  it("holds nothing until something is appended, then what was appended, in order", () => {
    const arena = new ByteArena();
    expect(arena.bytes.length).toBe(0);
    arena.append(new Uint8Array([1, 2, 3, 4]), 1, 3);
    arena.append(new Uint8Array([9]), 0, 1);
    const taken = arena.take();
    expect([...taken]).toEqual([2, 3, 9]);
    expect(arena.used).toBe(0);
    // The copy is the caller's: writing into the arena again leaves it as it was.
    arena.append(new Uint8Array([7, 7, 7]), 0, 3);
    expect([...taken]).toEqual([2, 3, 9]);
  });

  it("grows for a large batch and starts small again after it", () => {
    const arena = new ByteArena();
    const big = new Uint8Array(3 * 1024 * 1024).fill(5);
    arena.append(big, 0, big.length);
    expect(arena.bytes.length).toBeGreaterThanOrEqual(big.length);
    expect(arena.take().length).toBe(big.length);
    expect(arena.bytes.length).toBe(0);
    arena.append(big, 0, 10);
    expect(arena.bytes.length).toBeLessThan(1024 * 1024);
  });
});
