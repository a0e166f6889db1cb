// The "did you mean" suggestion: edit distance, and when a key is too far off to suggest.
import { describe, expect, it } from "vitest";
import { editDistance, nearestKey } from "./nearestKey.ts";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["seed", "seed", 0],
    ["speedMn", "speedMin", 1],
    ["speedMni", "speedMin", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("%j to %j is %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe("nearestKey", () => {
  const machineKeys = ["speedMin", "speedMax", "speeds", "actions", "vectorClocks", "payloadBytes", "clock"];

  it("suggests the nearest key for a plausible typo, ignoring case", () => {
    expect(nearestKey("speedMn", machineKeys)).toBe("speedMin");
    expect(nearestKey("speedmax", machineKeys)).toBe("speedMax");
    expect(nearestKey("vectorClock", machineKeys)).toBe("vectorClocks");
    expect(nearestKey("runn", ["router", "run", "machine", "sim"])).toBe("run");
  });

  it("suggests nothing when no key is near", () => {
    expect(nearestKey("foo", ["sendFirst", "sendSecond", "broadcast", "direct", "internal"])).toBeNull();
    expect(nearestKey("bogus", machineKeys)).toBeNull();
    expect(nearestKey("x", [])).toBeNull();
  });
});
