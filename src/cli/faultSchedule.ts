// The drawn fault schedule as the commands print it at the start of a run, so a run with faults
// says what it is about to do (and the same seed repeats it exactly).
import { describeWindow } from "../core/faults/describeWindow.ts";
import type { FaultWindow } from "../core/faults/schedule.ts";
import { escapeForTerminal } from "../core/terminalText.ts";

const SHOWN = 40;

export function faultScheduleText(windows: readonly FaultWindow[], seed: number): string {
  if (windows.length === 0) return "";
  const lines = windows.slice(0, SHOWN).map((window) => `  ${escapeForTerminal(describeWindow(window))}`);
  if (windows.length > SHOWN)
    lines.push(`  ... and ${windows.length - SHOWN} more (run.json lists them all)`);
  return `faults (drawn from seed ${seed}):\n${lines.join("\n")}\n`;
}
