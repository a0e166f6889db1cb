// Message fates so far, counted as the lines arrive: `sent` counts the deliveries SEND lines ask
// for (a broadcast once per destination, failed sends included), `delivered` the RECEIVE lines,
// `dropped` the router's drops and the failed sends by reason; the rest is on a link or queued.
import type { FatesSoFar, WireEvent } from "../../core/watch/protocol.ts";

export class FateCounter {
  sent = 0;
  delivered = 0;
  readonly dropped: Record<string, number> = {};

  countEvent(event: WireEvent): void {
    if (event.kind === "SEND") {
      const deliveries = event.to?.length ?? 1;
      this.sent += deliveries;
      if (event.failed !== undefined) this.drop(event.failed, deliveries);
    } else if (event.kind === "RECEIVE") {
      this.delivered++;
    }
  }

  drop(reason: string, count = 1): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + count;
  }

  snapshot(): FatesSoFar {
    const droppedTotal = Object.values(this.dropped).reduce((sum, n) => sum + n, 0);
    return {
      sent: this.sent,
      delivered: this.delivered,
      dropped: { ...this.dropped },
      inFlightOrQueued: Math.max(0, this.sent - this.delivered - droppedTotal),
    };
  }
}
