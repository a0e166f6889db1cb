// The live view's status line for a run: where it stands, fates and faults so far, and what the
// feed had to skip or is still waiting on (lines cut short, corrupt lines, warnings).
import type { FeedStatus } from "../../core/watch/protocol.ts";
import { type RunInfoObject, runStatusOf } from "./runInfo.ts";
import type { RunTally } from "./runTally.ts";
import type { TailedFile } from "./tailedFile.ts";

export function feedStatus(
  files: Iterable<TailedFile>,
  tally: RunTally,
  info: RunInfoObject | null,
  warnings: readonly string[],
  caughtUp: boolean,
): FeedStatus {
  const skippedLines: Record<string, number> = {};
  const pendingCutLines: string[] = [];
  for (const file of files) {
    if (file.skipped > 0) skippedLines[file.name] = file.skipped;
    if (file.cursor.hasPartial) pendingCutLines.push(file.name);
  }
  return {
    runStatus: runStatusOf(info),
    latestMs: tally.latestMs,
    earliestMs: tally.earliestMs,
    fates: tally.fates,
    skippedLines,
    pendingCutLines,
    otherRouterLines: { ...tally.otherRouterLines },
    faults: tally.faults,
    warnings: [...warnings],
    caughtUp,
    vectorClocks: tally.vectorClocks,
    events: tally.events,
  };
}
