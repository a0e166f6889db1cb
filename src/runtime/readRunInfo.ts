// Reads a run directory's run.json back, checked: a missing, corrupt or foreign file is a
// UserError saying which. (Writing it is runDirectory.ts's; reading needs the schema, which
// processes that only write, like machines, do not load.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunInfo } from "../core/runInfo.ts";
import { runInfoSchema } from "../core/runInfoSchema.ts";
import { UserError } from "../core/userError.ts";
import { errnoCode, fsUserError } from "./fsErrors.ts";
import { RUN_INFO_FILE } from "./runDirectory.ts";

/** Reads and checks run.json; a missing, corrupt or foreign file is a UserError saying which. */
export function readRunInfo(runDir: string): RunInfo {
  const info = readRunInfoIfPresent(runDir);
  if (info === null) throw new UserError(`${runDir}: no ${RUN_INFO_FILE}; expected a clocklab run directory`);
  return info;
}

export function readRunInfoIfPresent(runDir: string): RunInfo | null {
  const path = join(runDir, RUN_INFO_FILE);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return null;
    throw fsUserError("read", path, error);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserError(`${path}: not valid JSON; expected the run.json clocklab writes`);
  }
  const checked = runInfoSchema.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue?.path.join(".") || "(top level)";
    throw new UserError(
      `${path}: ${where}: ${issue?.message ?? "unexpected shape"}; expected the run.json clocklab writes`,
    );
  }
  return checked.data as unknown as RunInfo;
}
