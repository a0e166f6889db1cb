// Follows a NATS connection's status and turns it into `transport` lines: the server it reached,
// a disconnect, a reconnect (to which server), a slow consumer (the server's or the client's), an
// error. A reconnect is the client's own business; only a connection closed for good is reported
// up, unless the machine closed it itself.
import type { NatsConnection } from "@nats-io/transport-node";
import type { RouterLogEntry } from "../../core/routerLog.ts";
import type { MachineId } from "../../core/types.ts";
import { hostNowMs } from "../clock.ts";

export interface ConnectionWatcher {
  line(entry: Extract<RouterLogEntry, { type: "transport" }>): void;
  closedForGood(cause: string): void;
}

export function watchConnection(connection: NatsConnection, id: MachineId, watcher: ConnectionWatcher): void {
  const line = (
    event: Extract<RouterLogEntry, { type: "transport" }>["event"],
    extra: { server?: string; detail?: string } = {},
  ) => watcher.line({ type: "transport", at: hostNowMs(), id, event, ...extra });
  void (async () => {
    for await (const status of connection.status()) {
      switch (status.type) {
        case "disconnect":
          line("disconnected", { server: status.server });
          break;
        case "reconnect":
          line("reconnected", { server: status.server });
          break;
        case "slowConsumer":
          line("slow-consumer", { detail: `client-side: ${status.pending} messages pending` });
          break;
        case "error": {
          const message = status.error.message;
          if (/slow consumer/i.test(message)) line("slow-consumer", { detail: message });
          else line("error", { detail: message });
          break;
        }
        default:
          break;
      }
    }
  })().catch(() => {});
  void connection.closed().then((error) => {
    line("closed", error instanceof Error ? { detail: error.message } : {});
    watcher.closedForGood(error instanceof Error ? error.message : "closed");
  });
}
