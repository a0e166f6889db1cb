// What `clocklab watch <dir>` was pointed at: one run directory (run.json or <id>.jsonl files), or
// a directory of runs (logs/), listed newest first. Anything else is a UserError naming the
// directory and what was expected.
import { readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { UserError } from "../../core/userError.ts";
import type { RunListing } from "../../core/watch/protocol.ts";
import { plannedSpeeds, RUN_INFO, readRunInfoObject, runStatusOf } from "./runInfo.ts";

export type WatchTarget = { kind: "run"; runDir: string } | { kind: "runs"; logsDir: string };

const MAX_LISTED_RUNS = 500;

function entries(dir: string, argument: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    throw new UserError(`${argument}: no such directory; expected a run directory (logs/<run>) or logs/`);
  }
  if (!isDirectory)
    throw new UserError(`${argument} is a file; expected a run directory (logs/<run>) or logs/`);
  try {
    return readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new UserError(`${argument}: cannot list the directory (${code})`);
  }
}

/** Whether a directory's file names make it a clocklab run. */
export function looksLikeRun(names: string[]): boolean {
  return names.includes(RUN_INFO) || names.some((name) => name.endsWith(".jsonl"));
}

function runDirectories(logsDir: string, names: string[]): string[] {
  return names.filter((name) => {
    try {
      const path = join(logsDir, name);
      return statSync(path).isDirectory() && looksLikeRun(readdirSync(path));
    } catch {
      return false;
    }
  });
}

/** Classifies the directory; `allowEmpty` takes an empty directory as a run about to start. */
export function watchTarget(argument: string, allowEmpty = false): WatchTarget {
  const dir = resolve(argument);
  const names = entries(dir, argument);
  if (looksLikeRun(names)) return { kind: "run", runDir: dir };
  if (names.some((name) => /^client-.+\.json$/.test(name))) {
    throw new UserError(
      `${argument} holds the original exercise's client-*.json logs; the live view follows clocklab runs ` +
        "(<machine>.jsonl files): use `clocklab analyze` for these",
    );
  }
  if (runDirectories(dir, names).length > 0) return { kind: "runs", logsDir: dir };
  if (allowEmpty && names.length === 0) return { kind: "run", runDir: dir };
  throw new UserError(
    `${argument} is not a run directory: it holds no run.json and no <machine>.jsonl files, and no ` +
      "run directories either; expected logs/<run-name> or logs/",
  );
}

function newestFirstKey(logsDir: string, name: string, createdAt: string | null): number {
  const parsed = createdAt === null ? Number.NaN : Date.parse(createdAt);
  if (Number.isFinite(parsed)) return parsed;
  try {
    return statSync(join(logsDir, name)).mtimeMs;
  } catch {
    return 0;
  }
}

/** The runs in a directory of runs, newest first (by run.json createdAt, else the directory's time). */
export function listRuns(logsDir: string): RunListing[] {
  let names: string[];
  try {
    names = readdirSync(logsDir);
  } catch {
    return [];
  }
  const runs = runDirectories(logsDir, names).map((name) => {
    const info = readRunInfoObject(join(logsDir, name));
    const createdAt = typeof info?.createdAt === "string" ? info.createdAt.slice(0, 40) : null;
    const listing: RunListing = {
      name,
      mode: typeof info?.mode === "string" ? info.mode.slice(0, 20) : null,
      status: runStatusOf(info),
      createdAt,
      machines: Object.keys(plannedSpeeds(info)).length,
    };
    return { listing, key: newestFirstKey(logsDir, name, createdAt) };
  });
  runs.sort((a, b) => b.key - a.key || (a.listing.name < b.listing.name ? 1 : -1));
  return runs.slice(0, MAX_LISTED_RUNS).map((run) => run.listing);
}

/** The run directory of `name` inside logsDir, if it is one of the listed runs (never a path). */
export function runInLogs(logsDir: string, name: string): string | null {
  if (name !== basename(name) || name === "." || name === ".." || name.includes("\0")) return null;
  const listed = listRuns(logsDir).some((run) => run.name === name);
  return listed ? join(logsDir, name) : null;
}
