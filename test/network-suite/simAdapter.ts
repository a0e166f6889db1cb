// The shared suite's adapter for the simulated network: the core Router behind SimNetwork, with
// virtual time advanced one event at a time until the awaited condition holds.

import type { ServerFrame } from "../../src/core/protocol.ts";
import { createRandom } from "../../src/core/random.ts";
import { Router } from "../../src/core/router.ts";
import type { RouterLogEntry } from "../../src/core/routerLog.ts";
import { createLatency, type LatencyConfig } from "../../src/sim/latency.ts";
import { SimNetwork } from "../../src/sim/network.ts";
import { Scheduler } from "../../src/sim/scheduler.ts";
import type { NetworkFactory, NetworkPeer, ReceivedFrame } from "./adapter.ts";

export function simNetworkFactory(latency: LatencyConfig, seed = 1): NetworkFactory {
  return async ({ expectedMachines, faults = [] }) => {
    const scheduler = new Scheduler(1_000_000);
    const log: RouterLogEntry[] = [];
    const router = new Router({
      runId: "suite",
      seed,
      expectedMachines,
      startDelayMs: 0,
      faults,
      durationMs: 600_000,
    });
    const network = new SimNetwork({
      router,
      scheduler,
      latency: createLatency(latency, createRandom(seed)),
      log: (entry) => log.push(entry),
    });
    return {
      duplicateHello: "refused",
      heardLeft: (_observer, id) => log.some((entry) => entry.type === "left" && entry.id === id),
      heardRejoined: (_observer, id) =>
        log.some((entry) => entry.type === "joined" && entry.id === id && entry.rejoin),
      nowMs: () => scheduler.nowMs,
      async join(id) {
        const frames: ReceivedFrame[] = [];
        let closed = false;
        const connection = network.attach({
          receive: (frame: ServerFrame) => {
            frames.push(frame as unknown as ReceivedFrame);
          },
          closed: () => {
            closed = true;
          },
        });
        network.sendFrame(connection, { type: "hello", protocol: 1, id });
        const peer: NetworkPeer = {
          id,
          frames,
          get closed() {
            return closed;
          },
          send: (message) => network.send(connection, message),
          leave: (reason) => network.sendFrame(connection, { type: "bye", reason }),
        };
        return peer;
      },
      async waitFor(check, what) {
        for (;;) {
          const value = check();
          if (value !== undefined && value !== null && value !== false) return value;
          if (scheduler.pendingCount === 0)
            throw new Error(`nothing left to happen while waiting for ${what}`);
          scheduler.run(Number.POSITIVE_INFINITY, 1);
        }
      },
      routerLog: () => log,
      async close() {},
    };
  };
}
