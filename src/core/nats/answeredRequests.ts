// What the coordinator last answered each machine, so that a request sent again (its reply was
// slow, the machine's attempt timed out and it asked once more) gets the same answer instead of
// being taken twice. A NATS request has no connection under it: without this, a hello retried on a
// busy host looked like a restarted machine and replaced the one that had just joined, and a done
// retried after the run's end had no one left to answer it. Each logical request carries an id
// (REQUEST_ID_HEADER), the same on every attempt; start requests are not kept (they are held and
// asked again by design).

/** The NATS header that names one logical request of a machine, the same on every attempt. */
export const REQUEST_ID_HEADER = "Clocklab-Request";

/** A request id as a machine writes it: printable, short, no spaces. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

export function isRequestId(text: string): boolean {
  return REQUEST_ID_PATTERN.test(text);
}

export class AnsweredRequests {
  readonly #last = new Map<string, { requestId: string; replyText: string }>();

  /** The answer already given to this machine's request `requestId`, if it was its last one. */
  replay(machine: string, requestId: string): string | null {
    const last = this.#last.get(machine);
    return last !== undefined && last.requestId === requestId ? last.replyText : null;
  }

  remember(machine: string, requestId: string, replyText: string): void {
    this.#last.set(machine, { requestId, replyText });
  }
}
