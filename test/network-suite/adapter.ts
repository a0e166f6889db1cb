// What the shared network suite needs from a network under test: machines that join, send and
// leave, the frames each one receives in order, the router's log, and a way to let time pass
// until something holds. The simulated network and the TCP router each have an adapter.
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

export interface NetworkUnderTest {
  /** Connects a machine and says hello as `id`; resolves once the hello is answered. */
  join(id: string): Promise<NetworkPeer>;
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
