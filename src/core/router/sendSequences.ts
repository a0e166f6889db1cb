// What the router remembers of each sender's message numbers (ids are "<sender>:<n>", n counting
// up): the highest it has seen, so that a machine rejoining with a higher count of sends reveals
// the messages that never reached the router, recorded as lost with the cause this router can
// give (a restarted router knows it was down).
import type { MachineId } from "../types.ts";

export interface SendGap {
  firstSeq: number;
  lastSeq: number;
  cause: string;
}

export class SendSequences {
  readonly #lastSeq = new Map<MachineId, number>();
  #gapCause = "sent into a connection that was already lost";

  /** A router taking up a killed one's run: the numbers it logged, and why gaps happened. */
  resume(lastSeqs: Record<MachineId, number>): void {
    for (const [id, seq] of Object.entries(lastSeqs)) this.#lastSeq.set(id, seq);
    this.#gapCause = "sent while the router was down, or read by it but not logged before it was killed";
  }

  /** A message `id` from `from` reached the router. */
  note(from: MachineId, id: string): void {
    const seq = seqOf(id, from.length + 1);
    if (Number.isSafeInteger(seq) && seq > (this.#lastSeq.get(from) ?? 0)) this.#lastSeq.set(from, seq);
  }

  /** Messages a rejoining machine says it `sent` that never reached this router, or null. */
  gap(id: MachineId, sent: number | undefined): SendGap | null {
    if (sent === undefined) return null;
    const last = this.#lastSeq.get(id) ?? 0;
    if (sent <= last) return null;
    this.#lastSeq.set(id, sent);
    return { firstSeq: last + 1, lastSeq: sent, cause: this.#gapCause };
  }
}

/** `Number(id.slice(start))`, without the slice for the usual case of a few digits. */
function seqOf(id: string, start: number): number {
  const digits = id.length - start;
  if (digits < 1 || digits > 15) return Number(id.slice(start));
  let seq = 0;
  for (let i = start; i < id.length; i++) {
    const digit = id.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return Number(id.slice(start));
    seq = seq * 10 + digit;
  }
  return seq;
}
