// What the shared network suite needs from a network under test: machines that join, send and
// leave, the frames each one receives in order, the router's log, and a way to let time pass
// until something holds. The simulated network, the TCP router and the NATS transport each have
// an adapter. Where the NATS transport behaves differently on purpose, its adapter says so here
// (the `Declared*` types) and the suite checks the behaviour each network declares.
import type { FaultEntry } from "../../src/core/faults/spec.ts";
import type { RouterLogEntry } from "../../src/core/routerLog.ts";
import type { OutboundMessage } from "../../src/core/types.ts";

/** A frame as a machine received it (plain JSON data). */
export interface ReceivedFrame {
  type: string;
  [key: string]: unknown;
}

export interface NetworkPeer {
  readonly id: string;
  /** Every frame the router sent this machine, in arrival order. */
  readonly frames: ReceivedFrame[];
  /** True once the router closed this machine's connection. */
  readonly closed: boolean;
  send(message: OutboundMessage): void;
  /** Leaves on purpose (a bye frame). */
  leave(reason: string): void;
}

/**
 * A second hello with an id that is connected: refused with DUPLICATE_ID (a router sees the first
 * connection still open), or taken as that machine restarted, replacing its earlier connection
 * (NATS: only the holder of that machine's seed can say hello as it, and the coordinator cannot
 * tell whether the earlier connection's process is still alive).
 */
export type DeclaredDuplicateHello = "refused" | "replaces";

export interface NetworkUnderTest {
  readonly duplicateHello: DeclaredDuplicateHello;
  /** Connects a machine and says hello as `id`; resolves once the hello is answered. */
  join(id: string): Promise<NetworkPeer>;
  /**
   * Whether what routes `observer`'s sends knows that `id` left: at once for a router in the
   * middle; over NATS once the coordinator's announcement has reached the observer's own link.
   */
  heardLeft(observer: NetworkPeer, id: string): boolean;
  /** Likewise, whether it knows that `id` came back (a new connection said hello for it). */
  heardRejoined(observer: NetworkPeer, id: string): boolean;
  /** The network's clock (host time, or the simulator's virtual time), as start frames' t0. */
  nowMs(): number;
  /** Lets (real or virtual) time pass until `check` gives a value; fails at a deadline. */
  waitFor<T>(check: () => T | undefined | null | false, what: string): Promise<T>;
  routerLog(): RouterLogEntry[];
  close(): Promise<void>;
}

export interface NetworkOptions {
  expectedMachines: number;
  /** Faults the router applies (their times count from the run's start). */
  faults?: FaultEntry[];
}

export type NetworkFactory = (options: NetworkOptions) => Promise<NetworkUnderTest>;
