// V8's tier-up budget for a process that hosts live machines. A machine runs its hot path (a tick:
// wake-up, session, log line) only a few to a few dozen times a second, so with V8's default budget
// that code stays in its unoptimised tiers for the first half minute or more of a run, and an idle
// machine at 60 ticks/s spent about half its CPU in them (inline-cache stubs, then the optimising
// compiler catching up). An eighth of the budget has it optimised within the first seconds. A
// process of many machines runs that path hundreds of times a second and gets there soon anyway;
// there the smaller budget only optimised start-up code too (250 machines: 10-15% more CPU).
import { setFlagsFromString } from "node:v8";

/** V8's default is 67,584 (bytes of bytecode run per function before it is considered hot). */
const LIVE_INTERRUPT_BUDGET = 8192;

/** Up to this many machines in a process, its tick path is too rarely run to get hot soon. */
const FEW_MACHINES = 16;

/** Lets the hot functions of a process of `machines` machines reach optimised code sooner (process-wide; call once, early). */
export function tierUpEarly(machines: number): void {
  if (machines <= FEW_MACHINES) setFlagsFromString(`--interrupt-budget=${LIVE_INTERRUPT_BUDGET}`);
}
