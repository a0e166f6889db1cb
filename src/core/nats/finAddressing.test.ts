import { describe, expect, it } from "vitest";
import { finAddresses } from "./finAddressing.ts";

describe("finAddresses", () => {
  it("a sender that broadcast sends one fin to everyone", () => {
    expect(finAddresses("m1", { all: 2, to: { m2: 1 }, copies: {} })).toEqual([
      { kind: "broadcast", fin: { type: "fin", from: "m1", all: 2, to: { m2: 1 }, copies: {} } },
    ]);
  });

  it("any other sends each destination its own counts, and nothing where it sent nothing", () => {
    expect(finAddresses("m1", { all: 0, to: { m2: 3, m4: 1 }, copies: { m4: 2, m5: 1 } })).toEqual([
      { kind: "direct", to: "m2", fin: { type: "fin", from: "m1", all: 0, to: { m2: 3 }, copies: {} } },
      {
        kind: "direct",
        to: "m4",
        fin: { type: "fin", from: "m1", all: 0, to: { m4: 1 }, copies: { m4: 2 } },
      },
      { kind: "direct", to: "m5", fin: { type: "fin", from: "m1", all: 0, to: {}, copies: { m5: 1 } } },
    ]);
    expect(finAddresses("m1", { all: 0, to: {}, copies: {} })).toEqual([]);
  });
});
