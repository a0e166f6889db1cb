// Which `left` lines say that a machine's process lost its connection with what it held (its queue,
// what was on its way to it): a connection the router saw close (TCP, or a process the launcher
// killed under NATS), or, under NATS, a new process that said hello for a machine still in the run.
import { RESTARTED_LEFT_REASON } from "../core/nats/messages.ts";

export function leftWithLostConnection(reason: string): boolean {
  return reason.startsWith("connection lost") || reason === RESTARTED_LEFT_REASON;
}
