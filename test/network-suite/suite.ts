// The shared network suite: the same cases against the simulated network, the real TCP router
// and the NATS transport. Routing of each message kind, per-link order, the start barrier, the
// refusals, a message for a departed machine being dropped and recorded, and deliveries to it
// again once it came back.
import { afterEach, describe, expect, it } from "vitest";
import type { NetworkFactory, NetworkPeer, NetworkUnderTest } from "./adapter.ts";
import { deliveries, joinAndStart, message } from "./cases.ts";

export function networkSuite(name: string, factory: NetworkFactory): void {
  describe(`network suite: ${name}`, () => {
    let network: NetworkUnderTest | null = null;

    afterEach(async () => {
      await network?.close();
      network = null;
    });

    async function started(ids: string[]): Promise<NetworkPeer[]> {
      network = await factory({ expectedMachines: ids.length });
      return joinAndStart(network, ids);
    }

    it("holds the start barrier until every expected machine said hello, then starts all together", async () => {
      network = await factory({ expectedMachines: 3 });
      const m1 = await network.join("m1");
      const m2 = await network.join("m2");
      // A start would come with (right after) the welcome that completes the barrier.
      expect(m1.frames.map((f) => f.type)).toEqual(["welcome"]);
      expect(m2.frames.map((f) => f.type)).toEqual(["welcome"]);
      expect(m2.frames[0]!.peers).toEqual(["m1", "m2"]);
      const m3 = await network.join("m3");
      const peers = [m1, m2, m3];
      await network.waitFor(() => peers.every((p) => p.frames.some((f) => f.type === "start")), "start");
      const starts = peers.map((p) => p.frames.find((f) => f.type === "start")!);
      expect(new Set(starts.map((s) => s.t0)).size).toBe(1);
      for (const start of starts) expect(start.peers).toEqual(["m1", "m2", "m3"]);
      for (const peer of peers) expect(peer.frames.map((f) => f.type)).toEqual(["welcome", "start"]);
      const log = network.routerLog();
      expect(log.filter((e) => e.type === "joined").map((e) => e.type === "joined" && e.id)).toEqual([
        "m1",
        "m2",
        "m3",
      ]);
      expect(log.filter((e) => e.type === "started")).toHaveLength(1);
    });

    it("does not wait for a machine that left before the start", async () => {
      network = await factory({ expectedMachines: 2 });
      const net = network;
      const m1 = await net.join("m1");
      m1.leave("changed its mind");
      await net.waitFor(() => net.routerLog().some((e) => e.type === "left" && e.id === "m1"), "m1 to leave");
      const m2 = await net.join("m2");
      expect(m2.frames[0]).toMatchObject({ type: "welcome", peers: ["m2"] });
      const m3 = await net.join("m3");
      await net.waitFor(() => [m2, m3].every((p) => p.frames.some((f) => f.type === "start")), "start");
      for (const peer of [m2, m3])
        expect(peer.frames.find((f) => f.type === "start")?.peers).toEqual(["m2", "m3"]);
      expect(net.routerLog().find((e) => e.type === "started")).toMatchObject({ peers: ["m2", "m3"] });
    });

    it("refuses a send before the start", async () => {
      network = await factory({ expectedMachines: 3 });
      const m1 = await network.join("m1");
      m1.send(message("m1:1", "BROADCAST", 1));
      const net = network;
      await net.waitFor(() => m1.closed, "m1 to be closed");
      expect(m1.frames.find((f) => f.type === "error")?.code).toBe("NOT_STARTED");
      // It is out of the run: the barrier does not count it.
      await net.waitFor(() => net.routerLog().some((e) => e.type === "left" && e.id === "m1"), "m1 to leave");
      expect(net.routerLog().find((e) => e.type === "left")).toMatchObject({
        id: "m1",
        reason: "protocol error NOT_STARTED",
      });
    });

    it("answers a second hello with a connected id as the network declares", async () => {
      network = await factory({ expectedMachines: 3 });
      const net = network;
      const first = await net.join("m2");
      const twin = await net.join("m2");
      const m2Lines = () =>
        net
          .routerLog()
          .filter((e) => (e.type === "joined" || e.type === "left") && e.id === "m2")
          .map((e) => (e.type === "left" ? `left: ${e.reason}` : e.type));
      if (net.duplicateHello === "refused") {
        await net.waitFor(() => twin.closed, "the duplicate to be closed");
        expect(twin.frames.find((f) => f.type === "error")?.code).toBe("DUPLICATE_ID");
        expect(first.closed).toBe(false);
        expect(m2Lines()).toEqual(["joined"]);
      } else {
        // The same machine restarted: the new connection is welcomed in place of the earlier one.
        expect(twin.frames.map((f) => f.type)).toEqual(["welcome"]);
        expect(twin.closed).toBe(false);
        expect(m2Lines()).toEqual(["joined", "left: said hello again (restarted)", "joined"]);
      }
    });

    it("routes each message kind to the right machines, stamped with the true sender", async () => {
      const [m1, m2, m3] = await started(["m1", "m2", "m3"]);
      m2!.send(message("m2:1", "SEND_FIRST", 5));
      m1!.send(message("m1:1", "SEND_SECOND", 6));
      m3!.send(message("m3:1", "BROADCAST", 7));
      m1!.send(message("m1:2", "DIRECT", 8, "m2"));
      const net = network!;
      await net.waitFor(
        () => deliveries(m1!).length === 2 && deliveries(m2!).length === 2 && deliveries(m3!).length === 1,
        "every delivery",
      );
      await net.waitFor(() => net.routerLog().filter((e) => e.type === "routed").length === 5, "5 routed");
      const ids = (peer: NetworkPeer) => deliveries(peer).map((f) => `${f.id}<${f.from}`);
      expect(ids(m1!).sort()).toEqual(["m2:1<m2", "m3:1<m3"]);
      expect(ids(m2!).sort()).toEqual(["m1:2<m1", "m3:1<m3"]);
      expect(ids(m3!)).toEqual(["m1:1<m1"]);
      const direct = deliveries(m2!).find((f) => f.id === "m1:2")!;
      expect(direct).toMatchObject({ kind: "DIRECT", to: "m2", lamport: 8, hlc: { wall: 1008, logical: 0 } });
      expect(direct.sentAt).toBe(1000.5);
      expect(typeof direct.routedAt).toBe("number");
      const routed = net.routerLog().filter((e) => e.type === "routed");
      expect(routed.map((e) => e.type === "routed" && `${e.id}>${e.to}`).sort()).toEqual([
        "m1:1>m3",
        "m1:2>m2",
        "m2:1>m1",
        "m3:1>m1",
        "m3:1>m2",
      ]);
    });

    it("keeps each link in order", async () => {
      const [m1, m2, m3] = await started(["m1", "m2", "m3"]);
      const count = 200;
      for (let n = 1; n <= count; n++) {
        m1!.send(message(`m1:${n}`, "DIRECT", n, "m2"));
        m3!.send(message(`m3:${n}`, n % 2 === 0 ? "BROADCAST" : "SEND_SECOND", n));
      }
      const net = network!;
      await net.waitFor(() => deliveries(m2!).length === count + count, "every delivery to m2");
      const from = (sender: string) =>
        deliveries(m2!)
          .filter((f) => f.from === sender)
          .map((f) => f.id);
      expect(from("m1")).toEqual(Array.from({ length: count }, (_, i) => `m1:${i + 1}`));
      expect(from("m3")).toEqual(Array.from({ length: count }, (_, i) => `m3:${i + 1}`));
      await net.waitFor(() => deliveries(m1!).length === count / 2, "the broadcasts to m1");
      expect(deliveries(m1!).map((f) => f.id)).toEqual(
        Array.from({ length: count / 2 }, (_, i) => `m3:${2 * (i + 1)}`),
      );
    });

    it("drops and records a message for a machine that has left", async () => {
      const [m1, m2, m3] = await started(["m1", "m2", "m3"]);
      m2!.leave("done");
      const net = network!;
      await net.waitFor(() => net.routerLog().some((e) => e.type === "left" && e.id === "m2"), "m2 to leave");
      await net.waitFor(() => net.heardLeft(m1!, "m2"), "m1's side to hear that m2 left");
      m1!.send(message("m1:1", "SEND_FIRST", 3));
      m1!.send(message("m1:2", "BROADCAST", 4));
      await net.waitFor(() => deliveries(m3!).length === 1, "the broadcast to reach m3");
      await net.waitFor(() => net.routerLog().filter((e) => e.type === "dropped").length === 2, "two drops");
      const dropped = net.routerLog().filter((e) => e.type === "dropped");
      expect(dropped).toEqual([
        expect.objectContaining({
          id: "m1:1",
          from: "m1",
          to: "m2",
          kind: "SEND_FIRST",
          reason: "machine-gone",
        }),
        expect.objectContaining({
          id: "m1:2",
          from: "m1",
          to: "m2",
          kind: "BROADCAST",
          reason: "machine-gone",
        }),
      ]);
      expect(deliveries(m3!)[0]).toMatchObject({ id: "m1:2", from: "m1" });
      expect(deliveries(m2!)).toEqual([]);
    });

    it("delivers again to a machine that left and came back", async () => {
      const [m1, m2, m3] = await started(["m1", "m2", "m3"]);
      const net = network!;
      m2!.leave("crashed");
      await net.waitFor(() => net.heardLeft(m1!, "m2"), "m1's side to hear that m2 left");
      m1!.send(message("m1:1", "SEND_FIRST", 3));
      const drops = () => net.routerLog().filter((e) => e.type === "dropped");
      await net.waitFor(() => drops().length === 1, "the send to the departed m2 to be dropped");
      const back = await net.join("m2");
      expect(
        net
          .routerLog()
          .filter((e) => e.type === "joined" && e.id === "m2")
          .map((e) => e.type === "joined" && e.rejoin),
      ).toEqual([false, true]);
      await net.waitFor(() => net.heardRejoined(m1!, "m2"), "m1's side to hear that m2 came back");
      m1!.send(message("m1:2", "SEND_FIRST", 4));
      m1!.send(message("m1:3", "BROADCAST", 5));
      await net.waitFor(() => deliveries(back).length === 2, "both messages to reach m2 again");
      expect(deliveries(back).map((f) => f.id)).toEqual(["m1:2", "m1:3"]);
      await net.waitFor(() => deliveries(m3!).length === 1, "the broadcast to reach m3");
      expect(drops()).toEqual([expect.objectContaining({ id: "m1:1", to: "m2", reason: "machine-gone" })]);
      expect(deliveries(m2!)).toEqual([]);
    });
  });
}
