// The shared suite for network faults: each kind, decided by the core router, against the
// simulated network, the real TCP router and the NATS transport (where each sender's edge decides)
// alike. The same seed and message ids give the same decisions in all of them.
import { afterEach, describe, expect, it } from "vitest";
import type { FaultAction, FaultEntry } from "../../src/core/faults/spec.ts";
import type { NetworkFactory, NetworkPeer, NetworkUnderTest } from "./adapter.ts";
import { deliveries, joinAndStart, message } from "./cases.ts";

const always = (action: FaultAction): FaultEntry => ({
  action,
  timing: { schedule: "once", atS: 0, forS: null },
  source: "suite",
});

export function networkFaultSuite(name: string, factory: NetworkFactory): void {
  describe(`network faults: ${name}`, () => {
    let network: NetworkUnderTest | null = null;
    afterEach(async () => {
      await network?.close();
      network = null;
    });

    async function started(faults: FaultEntry[]): Promise<{ net: NetworkUnderTest; peers: NetworkPeer[] }> {
      network = await factory({ expectedMachines: 3, faults });
      const net = network;
      return { net, peers: await joinAndStart(net, ["m1", "m2", "m3"]) };
    }

    it("a partition drops what crosses it, recorded with the fault; inside a side, messages flow", async () => {
      const { net, peers } = await started([
        always({ kind: "partition", groups: [["m1"], ["m2", "m3"]], mode: "drop" }),
      ]);
      const [m1, m2, m3] = peers as [NetworkPeer, NetworkPeer, NetworkPeer];
      m1.send(message("m1:1", "DIRECT", 1, "m2"));
      m2.send(message("m2:1", "DIRECT", 1, "m3"));
      await net.waitFor(() => deliveries(m3).length === 1, "the delivery inside the m2-m3 side");
      await net.waitFor(() => net.routerLog().some((e) => e.type === "dropped"), "the drop");
      expect(net.routerLog().filter((e) => e.type === "dropped")).toEqual([
        expect.objectContaining({ id: "m1:1", to: "m2", reason: "partition", fault: "f1" }),
      ]);
      expect(net.routerLog().some((e) => e.type === "fault" && e.phase === "start" && e.fault === "f1")).toBe(
        true,
      );
      expect(deliveries(m2)).toEqual([]);
    });

    it("a holding partition delivers what it held, in order, when it heals", async () => {
      const { net, peers } = await started([
        {
          action: { kind: "partition", groups: [["m1"], ["m2", "m3"]], mode: "hold" },
          timing: { schedule: "once", atS: 0, forS: 0.3 },
          source: "suite",
        },
      ]);
      const [m1, m2] = peers as [NetworkPeer, NetworkPeer];
      for (let n = 1; n <= 5; n++) m1.send(message(`m1:${n}`, "DIRECT", n, "m2"));
      await net.waitFor(() => deliveries(m2).length === 5, "the held deliveries after the heal");
      expect(deliveries(m2).map((f) => f.id)).toEqual(["m1:1", "m1:2", "m1:3", "m1:4", "m1:5"]);
      const held = net.routerLog().filter((e) => e.type === "held");
      expect(held).toHaveLength(5);
      const routed = net.routerLog().filter((e) => e.type === "routed");
      for (const entry of routed)
        if (entry.type === "routed")
          expect(entry.at).toBeGreaterThanOrEqual((held[0] as { dueAt: number }).dueAt);
    });

    it("loss drops and records, duplication delivers a marked copy", async () => {
      const { net, peers } = await started([
        always({
          kind: "loss",
          loss: { model: "bernoulli", probability: 1 },
          links: { links: [{ from: "m1", to: "m2" }] },
        }),
        always({ kind: "duplicate", probability: 1, links: { links: [{ from: "m3", to: "m1" }] } }),
      ]);
      const [m1, m2, m3] = peers as [NetworkPeer, NetworkPeer, NetworkPeer];
      m1.send(message("m1:1", "DIRECT", 1, "m2"));
      m3.send(message("m3:1", "DIRECT", 1, "m1"));
      await net.waitFor(() => deliveries(m1).length === 2, "the original and its copy");
      expect(deliveries(m1).map((f) => [f.id, f.duplicate ?? false])).toEqual([
        ["m3:1", false],
        ["m3:1", true],
      ]);
      await net.waitFor(() => net.routerLog().some((e) => e.type === "dropped"), "the loss");
      expect(net.routerLog().find((e) => e.type === "dropped")).toMatchObject({ id: "m1:1", reason: "loss" });
      expect(deliveries(m2)).toEqual([]);
    });

    it("latency and a slow link hold deliveries and keep each link in order", async () => {
      const { net, peers } = await started([
        always({ kind: "latency", latency: { distribution: "exponential", meanMs: 20 } }),
        always({ kind: "slow-link", extraMs: 100, links: { links: [{ from: "m1", to: "m3" }] } }),
      ]);
      const [m1, m2, m3] = peers as [NetworkPeer, NetworkPeer, NetworkPeer];
      for (let n = 1; n <= 20; n++)
        m1.send(n % 2 === 0 ? message(`m1:${n}`, "DIRECT", n, "m2") : message(`m1:${n}`, "BROADCAST", n));
      await net.waitFor(() => deliveries(m2).length === 20 && deliveries(m3).length === 10, "every delivery");
      expect(deliveries(m2).map((f) => Number(String(f.id).split(":")[1]))).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      const held = net.routerLog().filter((e) => e.type === "held" && e.to === "m3");
      for (const entry of held)
        if (entry.type === "held") expect(entry.dueAt - entry.at).toBeGreaterThanOrEqual(100);
    });

    it("reordering lets messages overtake on their link, and still delivers all of them", async () => {
      const { net, peers } = await started([always({ kind: "reorder", probability: 0.5, maxDelayMs: 200 })]);
      const [m1, m2] = peers as [NetworkPeer, NetworkPeer];
      for (let n = 1; n <= 30; n++) m1.send(message(`m1:${n}`, "DIRECT", n, "m2"));
      await net.waitFor(() => deliveries(m2).length === 30, "every delivery");
      const order = deliveries(m2).map((f) => Number(String(f.id).split(":")[1]));
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(order).not.toEqual([...order].sort((a, b) => a - b));
    });
  });
}
