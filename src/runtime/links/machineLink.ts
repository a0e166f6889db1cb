// What a live machine's driver needs from whatever carries its frames (nats.js keeps its protocol
// apart from its transport the same way): a link that comes up, carries the session's frames one
// way and the router side's frames the other, and says when it goes down. The TCP link talks to a
// router; the NATS link talks to a coordinator and to the machine's peers, and plays the router's
// part for its own machine's sends. The driver (machineClient.ts) and the session never know which.
import type { ClientFrame, ServerFrame } from "../../core/protocol.ts";
import type { MachineId } from "../../core/types.ts";

export interface LinkEvents {
  /** The link is up (the first time, or again after `down`): the session says hello. */
  up(): void;
  /** A frame for the session, from the router side. */
  frame(frame: ServerFrame): void;
  /** The link went down; the driver may `open` it again. */
  down(cause: string | null): void;
  /** The link cannot go on (the other end is not what it should be): the machine stops. */
  fail(error: Error): void;
  /** A diagnostic for the user. */
  notice(text: string): void;
}

export interface MachineLink {
  /** Who is at the other end, for messages ("the router at 127.0.0.1:7400"). */
  readonly peerName: string;
  /** Whether, after `down`, the driver should `open` the link again (TCP) or it comes back by itself. */
  readonly reopensByItself: boolean;
  /**
   * Connects, trying until `timeoutMs` has passed or `shouldGiveUp` says so; then calls `up`.
   * Resolves false if it gave up because the caller no longer needs it; rejects with a UserError.
   */
  open(events: LinkEvents, timeoutMs: number, shouldGiveUp: () => boolean): Promise<boolean>;
  /** Carries one of the session's frames. */
  send(frame: ClientFrame): void;
  /** The session refused a delivery that arrived (a value no run could produce). */
  refusedDelivery?(id: string, from: MachineId, reason: string): void;
  /** The run is over for this machine: say goodbye if the link is up, and close it. */
  close(byeReason: string): void;
}
