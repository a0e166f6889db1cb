// Which machines the space-time diagram draws: every machine of a run of up to DRAW_ALL_UP_TO; of a
// larger one the first DEFAULT_DIAGRAM_MACHINES by id, or those the user names (`--diagram-machines`), so the
// diagram stays readable and the window collector keeps only their events.
import { UserError } from "../core/userError.ts";

export const DRAW_ALL_UP_TO = 20;
export const DEFAULT_DIAGRAM_MACHINES = 12;
export const MAX_DIAGRAM_MACHINES = 50;

/** Indexes into `ids` of the machines drawn, top to bottom. */
export function diagramMachines(ids: string[], chosen?: string[]): number[] {
  if (chosen === undefined) {
    const count = ids.length <= DRAW_ALL_UP_TO ? ids.length : DEFAULT_DIAGRAM_MACHINES;
    return ids.slice(0, count).map((_, i) => i);
  }
  const index = new Map(ids.map((id, i) => [id, i]));
  const unknown = chosen.filter((id) => !index.has(id));
  if (unknown.length > 0) {
    const known = ids.length <= 5 ? ids.join(", ") : `${ids.slice(0, 5).join(", ")}, …`;
    throw new UserError(
      `--diagram-machines: no machine ${unknown.slice(0, 5).join(", ")} in this run (its machines: ${known})`,
    );
  }
  const unique = [...new Set(chosen)];
  if (unique.length === 0 || unique.length > MAX_DIAGRAM_MACHINES) {
    throw new UserError(
      `--diagram-machines: ${unique.length} machines given; expected 1 to ${MAX_DIAGRAM_MACHINES}`,
    );
  }
  return unique.map((id) => index.get(id)!);
}
