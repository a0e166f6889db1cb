// Which machines a message goes to. "First" and "second" other machine are the other machines'
// ids in sorted order, as the router sees them. With only one other machine, "second" is that one.
import type { MachineId, MessageKind } from "./types.ts";

export class Membership {
  readonly ids: readonly MachineId[];
  readonly #indexOf: Map<MachineId, number>;

  constructor(ids: Iterable<MachineId>) {
    this.ids = [...new Set(ids)].sort(compareIds);
    this.#indexOf = new Map(this.ids.map((id, index) => [id, index]));
  }

  has(id: MachineId): boolean {
    return this.#indexOf.has(id);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The n-th (0-based) machine other than `self`, in sorted order. */
  nthOther(self: MachineId, n: number): MachineId | undefined {
    return this.nthOtherOf(this.indexOf(self), n);
  }

  /** A member's place in sorted order (-1: not a member). */
  indexOf(id: MachineId): number {
    return this.#indexOf.get(id) ?? -1;
  }

  /** `nthOther` for the member at `selfIndex` (from `indexOf`), without looking it up again. */
  nthOtherOf(selfIndex: number, n: number): MachineId | undefined {
    return this.ids[selfIndex >= 0 && n >= selfIndex ? n + 1 : n];
  }

  /**
   * The destinations of a message of `kind` from `from`. DIRECT to an id that is not a member
   * (or to the sender itself) resolves to nothing; the router records that as a drop.
   */
  resolve(kind: MessageKind, from: MachineId, to?: MachineId): MachineId[] {
    const out: MachineId[] = [];
    this.resolveInto(kind, from, to, out);
    return out;
  }

  /** `resolve` into `out` (entries 0 to the count returned; a caller may reuse it): no array per message. */
  resolveInto(kind: MessageKind, from: MachineId, to: MachineId | undefined, out: MachineId[]): number {
    // DIRECT first: the common case needs one lookup, and it asks nothing of the other members.
    if (kind === "DIRECT") {
      if (to === undefined || to === from || !this.has(to)) return 0;
      out[0] = to;
      return 1;
    }
    const self = this.indexOf(from);
    const others = self >= 0 ? this.size - 1 : this.size;
    if (others <= 0) return 0;
    switch (kind) {
      case "SEND_FIRST":
        out[0] = this.nthOtherOf(self, 0)!;
        return 1;
      case "SEND_SECOND":
        out[0] = this.nthOtherOf(self, Math.min(1, others - 1))!;
        return 1;
      case "BROADCAST": {
        const ids = this.ids;
        let count = 0;
        for (let i = 0; i < ids.length; i++) if (ids[i] !== from) out[count++] = ids[i]!;
        return count;
      }
    }
    return 0;
  }
}

/** Sorts ids so that m2 comes before m10 (numeric parts compared as numbers). */
// One collator for the process: localeCompare with options builds a new one on every call, which
// made sorting 1,000 ids cost 35 ms instead of about 1 ms.
const idCollator = new Intl.Collator("en", { numeric: true });

export function compareIds(a: string, b: string): number {
  return idCollator.compare(a, b);
}
