// The run's subjects: senderOf finds the sender in exactly the subjects a machine publishes its
// messages on, checked against splitting the subject into its tokens.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { broadcastSubject, controlSubject, coordinatorSubject, directSubject, senderOf } from "./subjects.ts";

/** The sender by the subject's tokens: the definition senderOf must keep. */
function byTokens(subject: string): string | null {
  const parts = subject.split(".");
  if (parts[0] !== "clocklab") return null;
  if (parts[2] === "to" && parts.length === 5) return parts[4]!;
  if (parts[2] === "all" && parts.length === 4) return parts[3]!;
  return null;
}

describe("senderOf", () => {
  it("names the sender of direct and broadcast subjects, and nothing else", () => {
    expect(senderOf(directSubject("run1", "m2", "m1"))).toBe("m1");
    expect(senderOf(broadcastSubject("run1", "m3"))).toBe("m3");
    expect(senderOf(controlSubject("run1"))).toBeNull();
    expect(senderOf(coordinatorSubject("run1", "m1", "hello"))).toBeNull();
    expect(senderOf("clocklab.run1.to.m2")).toBeNull();
    expect(senderOf("clocklab.run1.all.m1.x")).toBeNull();
    expect(senderOf("clocklabx.run1.all.m1")).toBeNull();
    expect(senderOf("clocklab.run1.tox.m2.m1")).toBeNull();
    expect(senderOf("clocklab")).toBeNull();
  });

  it("answers what the subject's tokens say, on any subject", () => {
    const token = fc.oneof(
      fc.constantFrom("clocklab", "to", "all", "ctl", "coord", "", "m1", "t", "al", "allx"),
      fc.stringMatching(/^[a-z0-9._-]{0,6}$/),
    );
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 7 }), (tokens) => {
        const subject = tokens.join(".");
        expect(senderOf(subject)).toBe(byTokens(subject));
      }),
      { numRuns: 20_000 },
    );
  });
});
