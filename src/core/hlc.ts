// Hybrid logical clock rules (Kulkarni, Demirbas et al. 2014, "Logical Physical Clocks"):
// `wall` follows the largest physical time seen, `logical` breaks ties, so timestamps stay close
// to physical time while respecting causality. Physical time is an argument, in whole ms.
import type { HlcTimestamp } from "./types.ts";

/** Local or send event at physical time `physicalMs`. */
export function hlcLocal(current: HlcTimestamp, physicalMs: number): HlcTimestamp {
  const wall = Math.max(current.wall, physicalMs);
  return { wall, logical: wall === current.wall ? current.logical + 1 : 0 };
}

/** Receive of a message stamped `message` at physical time `physicalMs`. */
export function hlcReceive(current: HlcTimestamp, message: HlcTimestamp, physicalMs: number): HlcTimestamp {
  const wall = Math.max(current.wall, message.wall, physicalMs);
  let logical: number;
  if (wall === current.wall && wall === message.wall)
    logical = Math.max(current.logical, message.logical) + 1;
  else if (wall === current.wall) logical = current.logical + 1;
  else if (wall === message.wall) logical = message.logical + 1;
  else logical = 0;
  return { wall, logical };
}

/** Total order on HLC timestamps: negative when a < b. */
export function hlcCompare(a: HlcTimestamp, b: HlcTimestamp): number {
  return a.wall !== b.wall ? a.wall - b.wall : a.logical - b.logical;
}
