// Finds out what a directory holds: a clocklab run (run.json, <id>.jsonl, router.jsonl, optional
// <id>.final.json) or a run of the original Python exercise (client-*.json arrays plus args.json).
// Missing, empty or unreadable files become warnings; a directory that is neither is a UserError.
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { compareIds } from "../core/routing.ts";
import { UserError } from "../core/userError.ts";
import type { RunDescription, RunFormat } from "./types.ts";

export interface MachineFile {
  id: string;
  file: string;
  path: string;
  /** False when the file is missing, empty or unreadable (a warning says which). */
  readable: boolean;
}

export interface RunFiles {
  runDir: string;
  format: RunFormat;
  machines: MachineFile[];
  routerLog: string | null;
  /** Under NATS: each host's part log (`edges/<part>.jsonl`), in router.jsonl's format. */
  partLogs: string[];
  /** `<id>.final.json` paths by machine id. */
  finals: Map<string, string>;
  run: RunDescription;
  warnings: string[];
}

const ROUTER_LOG = "router.jsonl";
const RUN_INFO = "run.json";
/** Where a run carried by NATS keeps each host's part log. */
export const EDGES_DIR = "edges";
const PYTHON_ARGS = "args.json";
const PYTHON_CLIENT = /^client-(.+)\.json$/;
const MAX_INFO_BYTES = 16 * 1024 * 1024;

async function listDirectory(runDir: string): Promise<string[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(runDir)).isDirectory();
  } catch {
    throw new UserError(`${runDir}: no such directory; expected a run directory such as logs/<run-name>`);
  }
  if (!isDirectory)
    throw new UserError(`${runDir} is a file; expected a run directory such as logs/<run-name>`);
  try {
    return await readdir(runDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new UserError(`${runDir}: cannot list the directory (${code})`);
  }
}

/** Reads a small JSON object file; a problem becomes a warning and null. */
async function readJsonObject(path: string, warnings: string[]): Promise<Record<string, unknown> | null> {
  const name = basename(path);
  try {
    const info = await stat(path);
    if (info.size === 0) {
      warnings.push(`${name} is empty (0 bytes); the run's configuration is unknown`);
      return null;
    }
    if (info.size > MAX_INFO_BYTES) {
      warnings.push(`${name} is larger than 16 MB; ignored`);
      return null;
    }
    const value: unknown = JSON.parse(await readFile(path, "utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
    warnings.push(`${name} does not hold a JSON object; ignored`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    warnings.push(
      code ? `${name} cannot be read (${code})` : `${name} is not valid JSON (corrupt?); ignored`,
    );
  }
  return null;
}

/** Sets `file.readable`; returns the warning for a file that has no events to give, else null. */
async function readableWarning(file: MachineFile): Promise<string | null> {
  try {
    const info = await stat(file.path);
    if (!info.isFile()) return `${file.file} is not a regular file; machine ${file.id} has no events`;
    if (info.size === 0) return `${file.file} is empty (0 bytes); machine ${file.id} has no events`;
    file.readable = true;
    return null;
  } catch {
    return `${file.file} is missing; machine ${file.id} has no events`;
  }
}

/** Checks every file at once (thousands of machines: one by one would wait on each); warnings in order. */
async function checkReadable(files: MachineFile[], warnings: string[]): Promise<void> {
  const found = await Promise.all(files.map(readableWarning));
  for (const warning of found) if (warning !== null) warnings.push(warning);
}

function describe(info: Record<string, unknown> | null, format: RunFormat, ids: string[]): RunDescription {
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  const configuredSpeeds: Record<string, number> = {};
  if (format === "clocklab") {
    const machines = Array.isArray(info?.machines) ? (info.machines as unknown[]) : [];
    for (const machine of machines) {
      const m = machine as Record<string, unknown> | null;
      if (typeof m?.id === "string" && typeof m.ticksPerSecond === "number") {
        configuredSpeeds[m.id] = m.ticksPerSecond;
      }
    }
  } else {
    const speeds = Array.isArray(info?.clock_speeds) ? (info.clock_speeds as unknown[]) : [];
    ids.forEach((id, index) => {
      const speed = speeds[index];
      if (typeof speed === "number") configuredSpeeds[id] = speed;
    });
  }
  return {
    info,
    mode: format === "python-exercise" ? "live" : text(info?.mode),
    seed: typeof info?.seed === "number" ? info.seed : null,
    status: text(info?.status),
    endReason: text(info?.endReason),
    configuredSpeeds,
  };
}

export async function discoverRun(runDirArgument: string): Promise<RunFiles> {
  const runDir = resolve(runDirArgument);
  const names = await listDirectory(runDir);
  const warnings: string[] = [];
  const jsonl = names.filter((name) => name.endsWith(".jsonl"));
  const isClocklab = names.includes(RUN_INFO) || jsonl.length > 0;
  const pythonClients = names.filter((name) => PYTHON_CLIENT.test(name));
  if (!isClocklab && pythonClients.length === 0) {
    throw new UserError(
      `${runDirArgument} is not a run directory: it holds no run.json, no <machine>.jsonl files and ` +
        "no client-*.json files of the original exercise",
    );
  }

  if (!isClocklab) {
    const machines = pythonClients
      .map((file) => ({ id: PYTHON_CLIENT.exec(file)![1]!, file, path: join(runDir, file), readable: false }))
      .sort((a, b) => compareIds(a.id, b.id));
    await checkReadable(machines, warnings);
    const info = names.includes(PYTHON_ARGS)
      ? await readJsonObject(join(runDir, PYTHON_ARGS), warnings)
      : null;
    const ids = machines.map((m) => m.id);
    return {
      runDir,
      format: "python-exercise",
      machines,
      routerLog: null,
      partLogs: [],
      finals: new Map(),
      run: describe(info, "python-exercise", ids),
      warnings,
    };
  }

  let info: Record<string, unknown> | null = null;
  if (names.includes(RUN_INFO)) info = await readJsonObject(join(runDir, RUN_INFO), warnings);
  else warnings.push("run.json is missing; the run's configuration is unknown");
  const ids = new Set(
    jsonl.filter((name) => name !== ROUTER_LOG).map((name) => name.slice(0, -".jsonl".length)),
  );
  const planned = describe(info, "clocklab", []);
  for (const id of Object.keys(planned.configuredSpeeds)) ids.add(id);
  const machines = [...ids]
    .sort(compareIds)
    .map((id) => ({ id, file: `${id}.jsonl`, path: join(runDir, `${id}.jsonl`), readable: false }));
  await checkReadable(machines, warnings);
  const finals = new Map<string, string>();
  const present = new Set(names);
  for (const { id } of machines) {
    if (present.has(`${id}.final.json`)) finals.set(id, join(runDir, `${id}.final.json`));
  }
  let routerLog: string | null = null;
  if (names.includes(ROUTER_LOG)) {
    const probe: MachineFile = {
      id: "router",
      file: ROUTER_LOG,
      path: join(runDir, ROUTER_LOG),
      readable: false,
    };
    await checkReadable([probe], []);
    if (probe.readable) routerLog = probe.path;
    else
      warnings.push(
        `${ROUTER_LOG} is empty (0 bytes) or unreadable; counting deliveries from the SEND events`,
      );
  }
  const partLogs = names.includes(EDGES_DIR) ? await listPartLogs(join(runDir, EDGES_DIR), warnings) : [];
  return { runDir, format: "clocklab", machines, routerLog, partLogs, finals, run: planned, warnings };
}

/** The part logs in a run's `edges/` directory (sorted), or a warning if it cannot be listed. */
async function listPartLogs(dir: string, warnings: string[]): Promise<string[]> {
  try {
    return (await readdir(dir))
      .filter((name) => name.endsWith(".jsonl"))
      .sort()
      .map((name) => join(dir, name));
  } catch (error) {
    warnings.push(
      `${EDGES_DIR}/: cannot list it (${(error as NodeJS.ErrnoException).code ?? "error"}); the hosts' send logs are missing`,
    );
    return [];
  }
}
