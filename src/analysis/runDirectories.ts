// Finds the runs a `clocklab analyze` argument names: a run directory itself, or a directory of run
// directories such as logs/ (its newest run, or every run with `all`). A run directory holds a
// run.json, <machine>.jsonl files, or the original exercise's client-*.json files. A run's start
// is run.json's createdAt, else the latest change of its log files.
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { UserError } from "../core/userError.ts";

export interface FoundRun {
  dir: string;
  name: string;
  /** When the run was set up (ms since the epoch, host clock). */
  startedMs: number;
}

export interface ResolvedRuns {
  runDirs: string[];
  /** Which run of a directory of runs was picked, for the user; null when the argument was a run. */
  note: string | null;
}

const LOG_FILE = /^(run\.json|.+\.jsonl|client-.+\.json)$/;

async function listNames(dir: string): Promise<string[] | null> {
  try {
    return await readdir(dir);
  } catch {
    return null;
  }
}

function isRunListing(names: string[]): boolean {
  return names.some((name) => LOG_FILE.test(name));
}

async function startedMs(dir: string, names: string[]): Promise<number> {
  if (names.includes("run.json")) {
    try {
      const info = JSON.parse(await readFile(join(dir, "run.json"), "utf8")) as { createdAt?: unknown };
      const created = typeof info.createdAt === "string" ? Date.parse(info.createdAt) : Number.NaN;
      if (Number.isFinite(created)) return created;
    } catch {
      // Unreadable or corrupt run.json: fall back to the files' times (analyze will warn about it).
    }
  }
  const times = await Promise.all(
    names
      .filter((name) => LOG_FILE.test(name))
      .map(async (name) => (await stat(join(dir, name)).catch(() => null))?.mtimeMs ?? 0),
  );
  return Math.max(0, ...times);
}

/** The run directories directly inside `parent`, oldest first (ties: by name). */
export async function findRuns(parent: string): Promise<FoundRun[]> {
  const runs: FoundRun[] = [];
  for (const name of (await listNames(parent)) ?? []) {
    if (name.startsWith(".")) continue;
    const dir = join(parent, name);
    const names = await listNames(dir);
    if (names !== null && isRunListing(names))
      runs.push({ dir, name, startedMs: await startedMs(dir, names) });
  }
  return runs.sort((a, b) => a.startedMs - b.startedMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Directories inside `parent` that hold runs themselves (an experiment's variations), for a hint. */
async function nestedRunParents(parent: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of (await listNames(parent)) ?? []) {
    if (name.startsWith(".")) continue;
    if ((await findRuns(join(parent, name))).length > 0) found.push(join(parent, name));
  }
  return found;
}

/** The run directories one argument names; a missing path is passed on for analyze to refuse. */
export async function resolveRunArgument(argument: string, all: boolean): Promise<ResolvedRuns> {
  const names = await listNames(argument);
  if (names === null || isRunListing(names)) return { runDirs: [argument], note: null };
  const runs = await findRuns(argument);
  if (runs.length === 0) {
    const nested = await nestedRunParents(argument);
    const hint =
      nested.length === 0
        ? ""
        : `; its subdirectories ${nested.slice(0, 3).join(", ")}${nested.length > 3 ? ", ..." : ""} hold runs ` +
          `(e.g. clocklab analyze ${nested[0]} --all)`;
    throw new UserError(
      `${argument} is not a run directory and holds none: a run directory has a run.json, ` +
        `<machine>.jsonl files or the original exercise's client-*.json files${hint}`,
    );
  }
  if (all) return { runDirs: runs.map((r) => r.dir), note: null };
  const newest = runs.at(-1)!;
  const others = runs.length - 1;
  const note =
    others === 0
      ? `${argument}: analysing its only run, ${basename(newest.dir)}`
      : `${argument}: analysing the newest of its ${runs.length} runs, ${basename(newest.dir)} (--all for every run)`;
  return { runDirs: [newest.dir], note };
}
