import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareIds, Membership } from "./routing.ts";
import type { MachineId, MessageKind } from "./types.ts";

describe("Membership with 3 machines", () => {
  const membership = new Membership(["m3", "m1", "m2"]);

  it("sorts and deduplicates ids", () => {
    expect(membership.ids).toEqual(["m1", "m2", "m3"]);
    expect(new Membership(["m2", "m1", "m2"]).ids).toEqual(["m1", "m2"]);
    expect(membership.size).toBe(3);
    expect(membership.has("m2")).toBe(true);
    expect(membership.has("m4")).toBe(false);
  });

  const table: Array<[MessageKind, MachineId, MachineId | undefined, MachineId[]]> = [
    ["SEND_FIRST", "m1", undefined, ["m2"]],
    ["SEND_FIRST", "m2", undefined, ["m1"]],
    ["SEND_FIRST", "m3", undefined, ["m1"]],
    ["SEND_SECOND", "m1", undefined, ["m3"]],
    ["SEND_SECOND", "m2", undefined, ["m3"]],
    ["SEND_SECOND", "m3", undefined, ["m2"]],
    ["BROADCAST", "m1", undefined, ["m2", "m3"]],
    ["BROADCAST", "m2", undefined, ["m1", "m3"]],
    ["BROADCAST", "m3", undefined, ["m1", "m2"]],
    ["DIRECT", "m1", "m3", ["m3"]],
    ["DIRECT", "m2", "m1", ["m1"]],
    ["DIRECT", "m3", "m2", ["m2"]],
    ["DIRECT", "m1", "m9", []],
    ["DIRECT", "m1", "m1", []],
    ["DIRECT", "m2", undefined, []],
  ];
  it.each(table)("%s from %s (to %s) -> %j", (kind, from, to, expected) => {
    expect(membership.resolve(kind, from, to)).toEqual(expected);
  });

  it("the first and second other machines are the others in sorted order", () => {
    for (const self of membership.ids) {
      const others = membership.ids.filter((id) => id !== self);
      expect([membership.nthOther(self, 0), membership.nthOther(self, 1)]).toEqual(others);
      expect(membership.nthOther(self, 2)).toBeUndefined();
    }
  });
});

describe("Membership edge cases", () => {
  it("with 2 machines, SEND_SECOND goes to the only other machine", () => {
    const membership = new Membership(["m1", "m2"]);
    expect(membership.resolve("SEND_FIRST", "m1")).toEqual(["m2"]);
    expect(membership.resolve("SEND_SECOND", "m1")).toEqual(["m2"]);
    expect(membership.resolve("SEND_SECOND", "m2")).toEqual(["m1"]);
  });

  it("with 1 machine, nothing resolves", () => {
    const membership = new Membership(["m1"]);
    for (const kind of ["SEND_FIRST", "SEND_SECOND", "BROADCAST", "DIRECT"] as const) {
      expect(membership.resolve(kind, "m1", "m1")).toEqual([]);
    }
  });

  it("sorts m2 before m10 (numeric parts as numbers)", () => {
    const membership = new Membership(["m10", "m2", "m1"]);
    expect(membership.ids).toEqual(["m1", "m2", "m10"]);
    expect(membership.resolve("SEND_SECOND", "m1")).toEqual(["m10"]);
    expect(compareIds("m9", "m10")).toBeLessThan(0);
  });

  it("broadcast reaches every other member exactly once, for any membership", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 2, maxLength: 20 }), (ns) => {
        const ids = ns.map((n) => `m${n}`);
        const membership = new Membership(ids);
        for (const from of ids) {
          const targets = membership.resolve("BROADCAST", from);
          expect(targets).toHaveLength(ids.length - 1);
          expect(targets).not.toContain(from);
          const first = membership.resolve("SEND_FIRST", from);
          const second = membership.resolve("SEND_SECOND", from);
          expect(first[0]).toBe(targets[0]);
          expect(second[0]).toBe(targets[Math.min(1, targets.length - 1)]);
        }
      }),
    );
  });
});
