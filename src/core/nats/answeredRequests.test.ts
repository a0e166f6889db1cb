import { describe, expect, it } from "vitest";
import { AnsweredRequests, isRequestId } from "./answeredRequests.ts";

describe("AnsweredRequests", () => {
  it("replays the last answer to the same request id, and only to it", () => {
    const answered = new AnsweredRequests();
    expect(answered.replay("m1", "a.1")).toBeNull();
    answered.remember("m1", "a.1", '{"type":"welcome"}');
    expect(answered.replay("m1", "a.1")).toBe('{"type":"welcome"}');
    expect(answered.replay("m1", "a.2")).toBeNull();
    expect(answered.replay("m2", "a.1")).toBeNull();
    answered.remember("m1", "a.2", '{"type":"ok"}');
    expect(answered.replay("m1", "a.1")).toBeNull();
    expect(answered.replay("m1", "a.2")).toBe('{"type":"ok"}');
  });

  it("accepts short printable ids only", () => {
    expect(isRequestId("k3J9x.12")).toBe(true);
    expect(isRequestId("")).toBe(false);
    expect(isRequestId("a b")).toBe(false);
    expect(isRequestId("x".repeat(65))).toBe(false);
  });
});
