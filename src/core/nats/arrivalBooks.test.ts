import { describe, expect, it } from "vitest";
import { ArrivalBooks } from "./arrivalBooks.ts";
import { parsePeerMessage } from "./messages.ts";

const PEERS = ["m1", "m2", "m3"];
const quiet = { slowConsumer: false, disconnects: 0 };

describe("ArrivalBooks", () => {
  it("closes a link whose arrivals match the sender's fin without a line", () => {
    const books = new ArrivalBooks("m2");
    for (let i = 0; i < 5; i++) books.arrived("m1", false);
    books.fin({ type: "fin", from: "m1", all: 3, to: { m2: 2, m3: 7 }, copies: {} });
    expect(books.hasFinsFrom(PEERS)).toBe(false);
    books.fin({ type: "fin", from: "m3", all: 0, to: {}, copies: {} });
    expect(books.hasFinsFrom(PEERS)).toBe(true);
    expect(books.close(PEERS, quiet, 9)).toEqual([]);
  });

  it("records what a link lost, with the reason the connection saw, and senders without a fin", () => {
    const books = new ArrivalBooks("m2");
    books.arrived("m1", false);
    books.arrived("m1", true);
    books.arrived("m3", false);
    books.fin({ type: "fin", from: "m1", all: 2, to: { m2: 2 }, copies: { m2: 3 } });
    expect(books.close(PEERS, { slowConsumer: true, disconnects: 1 }, 9)).toEqual([
      { type: "link-lost", at: 9, from: "m1", to: "m2", lost: 3, copies: 2, reason: "nats-slow-consumer" },
      expect.objectContaining({ type: "link-unreconciled", from: "m3", to: "m2", arrived: 1 }),
    ]);
    const other = new ArrivalBooks("m3");
    other.fin({ type: "fin", from: "m1", all: 1, to: {}, copies: {} });
    expect(other.close(["m1", "m3"], { slowConsumer: false, disconnects: 2 }, 1)[0]).toMatchObject({
      lost: 1,
      reason: "nats-disconnected",
    });
  });
});

describe("parsePeerMessage", () => {
  const peers = new Set(PEERS);
  const deliver = {
    type: "deliver",
    from: "m1",
    kind: "SEND_FIRST",
    id: "m1:4",
    lamport: 3,
    hlc: { wall: 5, logical: 0 },
    sentAt: 1.5,
    routedAt: 2.25,
  };

  it("takes a delivery or a fin from the sender its subject names", () => {
    expect(parsePeerMessage(JSON.stringify(deliver), "m1", peers)).toEqual({
      type: "deliver",
      frame: deliver,
    });
    const fin = { type: "fin", from: "m1", all: 2, to: { m2: 1 }, copies: {} };
    expect(parsePeerMessage(JSON.stringify(fin), "m1", peers)).toEqual({ type: "fin", fin });
  });

  it("refuses a payload that speaks for another machine, or is not what peers publish", () => {
    const cases: Array<[string, RegExp]> = [
      [JSON.stringify({ ...deliver, from: "m3" }), /frame.from: "m3" is not its sender m1/],
      [JSON.stringify({ ...deliver, id: "m3:1" }), /not one of m1's message ids/],
      [JSON.stringify({ ...deliver, lamport: -1 }), /lamport/],
      ["{not json", /not JSON/],
      ["[1,2]", /not a JSON object/],
      [JSON.stringify({ type: "fin", from: "m1", all: -1, to: {}, copies: {} }), /fin.all/],
      [
        JSON.stringify({ type: "fin", from: "m1", all: 1, to: { m9: 1 }, copies: {} }),
        /"m9" is not a machine/,
      ],
      [JSON.stringify({ type: "fin", from: "m1", all: 1, to: { m2: 1.5 }, copies: {} }), /fin.to.m2/],
      [
        JSON.stringify({ type: "welcome", protocol: 1, runId: "r", peers: [], seed: 1 }),
        /expected "deliver" or "fin"/,
      ],
    ];
    for (const [text, message] of cases) expect(() => parsePeerMessage(text, "m1", peers)).toThrow(message);
  });
});
