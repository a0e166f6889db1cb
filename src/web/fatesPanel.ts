// Message fates so far, as a small table: deliveries asked for by SEND lines, delivered, dropped
// by reason (the router's drops and failed sends), and the rest on a link or in a queue.
import type { FatesSoFar } from "../core/watch/protocol.ts";
import { clear, element } from "./dom.ts";
import { count } from "./format.ts";

export function renderFates(container: HTMLElement, fates: FatesSoFar): void {
  clear(container);
  const table = element("table", { className: "fates" });
  const row = (label: string, value: number, className = "") => {
    const tr = element("tr", { className }, [
      element("th", { text: label }),
      element("td", { text: count(value) }),
    ]);
    table.append(tr);
  };
  row("sent (deliveries asked for)", fates.sent);
  row("delivered", fates.delivered);
  const reasons = Object.entries(fates.dropped).sort((a, b) => b[1] - a[1]);
  if (reasons.length === 0) row("dropped", 0);
  for (const [reason, n] of reasons) row(`dropped: ${reason}`, n, "dropped");
  row("in flight or queued", fates.inFlightOrQueued);
  container.append(table);
}
