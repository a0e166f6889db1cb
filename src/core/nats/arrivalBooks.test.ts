import { describe, expect, it } from "vitest";
import {
  ArrivalBooks,
  UNRECONCILED_NO_FIN,
  UNRECONCILED_NO_MARK,
  UNRECONCILED_SENDER_RESTARTED,
} from "./arrivalBooks.ts";
import { type MarkMessage, parsePeerMessage } from "./messages.ts";

const PEERS = ["m1", "m2", "m3"];
const quiet = { slowConsumer: false, disconnects: 0 };

describe("ArrivalBooks", () => {
  it("closes a link whose arrivals match the sender's fin without a line", () => {
    const books = new ArrivalBooks("m2");
    for (let i = 0; i < 5; i++) books.arrived("m1", false);
    books.arrived("m3", false);
    books.fin({ type: "fin", from: "m1", all: 3, to: { m2: 2, m3: 7 }, copies: {} });
    expect(books.hasFinsFrom(PEERS)).toBe(false);
    books.fin({ type: "fin", from: "m3", all: 0, to: { m2: 1 }, copies: {} });
    expect(books.hasFinsFrom(PEERS)).toBe(true);
    expect(books.close(PEERS, quiet, 9)).toEqual([]);
  });

  it("waits only for the fins of senders it heard from, and on a steady connection vouches for the silent ones", () => {
    const books = new ArrivalBooks("m2");
    books.arrived("m1", false);
    // m3 sent nothing here, so it sends no fin here either.
    expect(books.hasFinsFrom(PEERS)).toBe(false);
    books.fin({ type: "fin", from: "m1", all: 0, to: { m2: 1 }, copies: {} });
    expect(books.hasFinsFrom(PEERS)).toBe(true);
    expect(books.close(PEERS, quiet, 9)).toEqual([]);
    // After a disconnect a silent sender may have lost a whole link: it is not vouched for.
    const shaken = new ArrivalBooks("m2");
    expect(shaken.close(["m1", "m2"], { slowConsumer: false, disconnects: 1 }, 9)).toEqual([
      expect.objectContaining({ type: "link-unreconciled", from: "m1", to: "m2", arrived: 0 }),
    ]);
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

describe("ArrivalBooks after a restart", () => {
  const mark = (from: string, restarted: boolean, all: number, toM2 = 0, copies = 0): MarkMessage => ({
    type: "mark",
    from,
    restarted,
    all,
    to: { m2: toM2 },
    copies: { m2: copies },
  });

  it("in a restarted process, reconciles each link from its sender's mark on", () => {
    const books = new ArrivalBooks("m2");
    books.rejoined();
    // Published by m1 before it heard that m2 was back, but after the new process subscribed.
    books.arrived("m1", false);
    books.mark(mark("m1", false, 10, 4, 1));
    for (let i = 0; i < 5; i++) books.arrived("m1", false);
    books.arrived("m1", true);
    // m1 published 7 more after its mark (3 broadcasts, 4 to m2) and 2 more copies: 2 and 1 lost.
    books.fin({ type: "fin", from: "m1", all: 13, to: { m2: 8 }, copies: { m2: 3 } });
    books.mark(mark("m3", false, 0));
    books.fin({ type: "fin", from: "m3", all: 0, to: {}, copies: {} });
    expect(books.close(PEERS, quiet, 9)).toEqual([
      { type: "link-lost", at: 9, from: "m1", to: "m2", lost: 2, copies: 1, reason: "nats-lost" },
    ]);
  });

  it("in a restarted process, leaves a link its sender never marked unreconciled", () => {
    const books = new ArrivalBooks("m2");
    books.rejoined();
    books.arrived("m3", false);
    books.fin({ type: "fin", from: "m3", all: 5, to: {}, copies: {} });
    books.fin({ type: "fin", from: "m1", all: 0, to: {}, copies: {} });
    expect(books.close(PEERS, quiet, 9)).toEqual([
      { type: "link-unreconciled", at: 9, from: "m1", to: "m2", arrived: 0, reason: UNRECONCILED_NO_MARK },
      { type: "link-unreconciled", at: 9, from: "m3", to: "m2", arrived: 1, reason: UNRECONCILED_NO_MARK },
    ]);
  });

  it("takes a restarted sender's fin for its new process only; its earlier process is unreconciled", () => {
    const books = new ArrivalBooks("m2");
    for (let i = 0; i < 6; i++) books.arrived("m1", false);
    books.mark(mark("m1", true, 0));
    for (let i = 0; i < 3; i++) books.arrived("m1", false);
    books.fin({ type: "fin", from: "m1", all: 2, to: { m2: 1 }, copies: {} });
    books.fin({ type: "fin", from: "m3", all: 0, to: {}, copies: {} });
    expect(books.close(PEERS, quiet, 9)).toEqual([
      {
        type: "link-unreconciled",
        at: 9,
        from: "m1",
        to: "m2",
        arrived: 6,
        reason: UNRECONCILED_SENDER_RESTARTED,
      },
    ]);
    // Its new process never sent its fin: both of its processes are unreconciled.
    const unfinished = new ArrivalBooks("m2");
    unfinished.arrived("m1", false);
    unfinished.mark(mark("m1", true, 0));
    unfinished.arrived("m1", false);
    unfinished.arrived("m1", false);
    expect(unfinished.close(["m1", "m2"], quiet, 9)).toEqual([
      expect.objectContaining({ arrived: 1, reason: UNRECONCILED_SENDER_RESTARTED }),
      expect.objectContaining({ arrived: 2, reason: UNRECONCILED_NO_FIN }),
    ]);
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
    const mark = { type: "mark", from: "m1", restarted: false, all: 2, to: { m2: 1 }, copies: {} };
    expect(parsePeerMessage(JSON.stringify(mark), "m1", peers)).toEqual({ type: "mark", mark });
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
        JSON.stringify({ type: "mark", from: "m3", restarted: true, all: 0, to: {}, copies: {} }),
        /mark.from/,
      ],
      [JSON.stringify({ type: "mark", from: "m1", all: 0, to: {}, copies: {} }), /mark.restarted/],
      [
        JSON.stringify({ type: "welcome", protocol: 1, runId: "r", peers: [], seed: 1 }),
        /expected "deliver", "fin" or "mark"/,
      ],
    ];
    for (const [text, message] of cases) expect(() => parsePeerMessage(text, "m1", peers)).toThrow(message);
  });
});
