import { describe, expect, it } from "vitest";
import type { AnalysisEvent } from "./event.ts";
import {
  DROPPED_AFTER_END,
  FateLedger,
  LOST_AT_END_UNFINISHED,
  LOST_AT_KILLED_ROUTER,
  LOST_HELD_BY_CRASHED_SENDER,
  LOST_IN_CRASHED_QUEUE,
  LOST_UNEXPLAINED,
  type MessageFates,
} from "./messageFates.ts";

const send = (id: string, to: string[], failed?: string, atMs = 0): AnalysisEvent => ({
  seq: 1,
  type: "SEND",
  trueTime: atMs,
  systemTime: atMs,
  lamport: 1,
  queueLength: 0,
  message: { id, to, lamport: 1, sentAt: 0, ...(failed === undefined ? {} : { failed }) },
});
const receive = (id: string, from: string, duplicate = false): AnalysisEvent => ({
  seq: 2,
  type: "RECEIVE",
  trueTime: 1,
  systemTime: 1,
  lamport: 2,
  queueLength: 0,
  message: { id, from, lamport: 1, sentAt: 0, ...(duplicate ? { duplicate: true } : {}) },
});

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
function expectAddsUp(fates: MessageFates): void {
  expect(fates.delivered + fates.queued + fates.inFlight + sum(fates.dropped) + sum(fates.lost)).toBe(
    fates.sent,
  );
}

describe("FateLedger: every delivery asked for gets exactly one fate", () => {
  it("counts a send made while the router was down as dropped (router-down), per destination", () => {
    const ledger = new FateLedger();
    ledger.event("m1", send("m1:1", ["m2", "m3"], "router-down"), 2);
    const fates = ledger.finish();
    expect(fates).toMatchObject({ sent: 2, delivered: 0, dropped: { "router-down": 2 }, lost: {} });
    expectAddsUp(fates);
    expect(ledger.warnings).toEqual([]);
  });

  it("a machine running behind when the router ended the run: its later sends were dropped, what it never read was lost at the end", () => {
    const ledger = new FateLedger();
    // m1 finished in time; m2 (behind its schedule) had not said done when the run ended at 1000.
    ledger.routed("m1", "m2", false);
    ledger.routed("m1", "m2", false);
    ledger.routed("m2", "m1", false);
    ledger.machineDone("m1");
    ledger.runEnded(1000);
    ledger.event("m1", send("m1:1", ["m2"], undefined, 500), 1);
    ledger.event("m1", send("m1:2", ["m2"], undefined, 900), 1);
    ledger.event("m2", send("m2:1", ["m1"], undefined, 800), 1);
    ledger.event("m2", send("m2:2", ["m1"], undefined, 1200), 1);
    ledger.event("m2", send("m2:3", ["m1"], undefined, 1300), 1);
    ledger.event("m1", receive("m2:1", "m2"), 0);
    ledger.event("m2", receive("m1:1", "m1"), 0);
    const fates = ledger.finish();
    expect(fates).toMatchObject({
      sent: 5,
      delivered: 2,
      dropped: { [DROPPED_AFTER_END]: 2 },
      lost: { [LOST_AT_END_UNFINISHED]: 1 },
    });
    expectAddsUp(fates);
    expect(ledger.warnings).toEqual([]);
  });

  it("still calls a delivery missing at a machine that had said done unexplained", () => {
    const ledger = new FateLedger();
    ledger.routed("m1", "m2", false);
    ledger.machineDone("m2");
    ledger.runEnded(1000);
    ledger.event("m1", send("m1:1", ["m2"], undefined, 500), 1);
    // A send before the end that the router never logged is not explained by the end either.
    ledger.event("m1", send("m1:2", ["m2"], undefined, 600), 1);
    const fates = ledger.finish();
    expect(fates.lost).toEqual({ [LOST_UNEXPLAINED]: 2 });
    expect(ledger.warnings).toHaveLength(2);
  });

  it("names what was routed to a machine that then crashed as lost in its queue", () => {
    const ledger = new FateLedger();
    ledger.routed("m1", "m2", false);
    ledger.routed("m1", "m2", false);
    ledger.connectionLost("m2");
    ledger.event("m1", send("m1:1", ["m2"]), 1);
    ledger.event("m1", send("m1:2", ["m2"]), 1);
    ledger.event("m2", receive("m1:1", "m1"), 0);
    const fates = ledger.finish();
    expect(fates).toMatchObject({ sent: 2, delivered: 1, lost: { [LOST_IN_CRASHED_QUEUE]: 1 } });
    expectAddsUp(fates);
  });

  it("counts what a cut-off slow consumer never got as dropped (slow-consumer)", () => {
    const ledger = new FateLedger();
    for (let n = 1; n <= 3; n++) ledger.routed("m1", "m3", false);
    ledger.cutOff("m3");
    for (let n = 1; n <= 3; n++) ledger.event("m1", send(`m1:${n}`, ["m3"]), 1);
    ledger.event("m3", receive("m1:1", "m1"), 0);
    const fates = ledger.finish();
    expect(fates.dropped).toEqual({ "slow-consumer": 2 });
    expectAddsUp(fates);
  });

  it("counts the sends a machine made into a lost connection, as the router recorded them at its rejoin", () => {
    const ledger = new FateLedger();
    ledger.routed("m1", "m2", false);
    ledger.sendGap("m1", 2, 3, "sent into a connection that was already lost");
    ledger.event("m1", send("m1:1", ["m2"]), 1);
    ledger.event("m1", send("m1:2", ["m2", "m3"]), 2);
    ledger.event("m1", send("m1:3", ["m2"]), 1);
    ledger.event("m2", receive("m1:1", "m1"), 0);
    const fates = ledger.finish();
    expect(fates.lost).toEqual({ "sent into a connection that was already lost": 3 });
    expectAddsUp(fates);
    expect(ledger.warnings).toEqual([]);
  });

  it("names what a killed router read but never logged", () => {
    const ledger = new FateLedger();
    ledger.routerKilled();
    ledger.event("m1", send("m1:1", ["m2"]), 1);
    const fates = ledger.finish();
    expect(fates.lost).toEqual({ [LOST_AT_KILLED_ROUTER]: 1 });
    expectAddsUp(fates);
  });

  it("keeps queued, in-flight and held deliveries apart, and duplicates out of the fates", () => {
    const ledger = new FateLedger();
    ledger.routed("m1", "m2", false);
    ledger.routed("m1", "m2", true); // a copy
    ledger.routed("m1", "m3", false);
    ledger.heldAtEnd("m1");
    ledger.event("m1", send("m1:1", ["m2", "m3"]), 2);
    ledger.event("m1", send("m1:2", ["m2"]), 1);
    ledger.event("m1", send("m1:3", ["m3"]), 1);
    ledger.inFlightAtEnd("to-router", "m1", "m3", 1);
    ledger.event("m2", receive("m1:1", "m1"), 0);
    ledger.event("m2", receive("m1:1", "m1", true), 0);
    ledger.queuedAtEnd("m3", [{ duplicate: true }, {}]);
    const fates = ledger.finish();
    expect(fates).toMatchObject({
      sent: 4,
      delivered: 1,
      queued: 1,
      inFlight: 2,
      undelivered: 3,
      duplicates: 1,
    });
    expectAddsUp(fates);
    expect(ledger.warnings).toEqual([]);
  });

  it("says so when a delivery went missing and no log explains it", () => {
    const ledger = new FateLedger();
    ledger.routed("m1", "m2", false);
    ledger.event("m1", send("m1:1", ["m2"]), 1);
    const fates = ledger.finish();
    expectAddsUp(fates);
    expect(fates.lost).toEqual({ "unexplained (a log is incomplete)": 1 });
    expect(ledger.warnings[0]).toMatch(/routed to m2 were neither received nor queued/);
  });

  it("over NATS, names what a crashed sender's own edge still held as lost with it", () => {
    const sendsOfCrashedSender = (ledger: FateLedger) => {
      ledger.connectionLost("m2");
      ledger.routed("m2", "m1", false);
      ledger.event("m2", send("m2:1", ["m1"]), 1);
      // Held by a latency fault in m2's edge when m2 was killed: no routed line ever came.
      ledger.event("m2", send("m2:2", ["m1"]), 1);
      ledger.event("m1", receive("m2:1", "m2"), 0);
    };
    const overNats = new FateLedger();
    overNats.sendersRouteTheirSends();
    sendsOfCrashedSender(overNats);
    const fates = overNats.finish();
    expect(fates).toMatchObject({ sent: 2, delivered: 1, lost: { [LOST_HELD_BY_CRASHED_SENDER]: 1 } });
    expectAddsUp(fates);
    expect(overNats.warnings).toEqual([]);
    // Through a router, the same gap is not the sender's to explain.
    const overTcp = new FateLedger();
    sendsOfCrashedSender(overTcp);
    expect(overTcp.finish().lost).toEqual({ [LOST_UNEXPLAINED]: 1 });
  });
});
