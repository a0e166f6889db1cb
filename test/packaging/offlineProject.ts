// An empty project that depends on a packed clocklab tarball, set up so `npm install --offline`
// works from the npm cache alone. Installing a bare tarball makes npm ask the registry for every
// dependency's metadata, which `npm ci` never caches; a lock file that pins the dependencies to the
// repository's own locked versions (production entries only) needs nothing but their tarballs,
// which the repository's install left in the cache. npm runs with a clean environment: the outer
// `npm test` exports its settings (its project folder among them) as npm_* variables.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";

const REPOSITORY_LOCK = join(import.meta.dirname, "..", "..", "package-lock.json");

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}

/** Writes package.json and package-lock.json into `dir` for a project depending on `tarball`. */
export function writeOfflineProject(dir: string, tarball: string): void {
  const dependency = `file:${tarball}`;
  const lock = JSON.parse(readFileSync(REPOSITORY_LOCK, "utf8")) as { packages: Record<string, LockEntry> };
  const packages: Record<string, unknown> = {
    "": { name: "clocklab-user", version: "1.0.0", dependencies: { clocklab: dependency } },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path !== "" && entry.dev !== true && entry.devOptional !== true) packages[path] = entry;
  }
  const manifest = {
    name: "clocklab-user",
    version: "1.0.0",
    private: true,
    dependencies: { clocklab: dependency },
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(
    join(dir, "package-lock.json"),
    `${JSON.stringify({ name: "clocklab-user", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
}

/** The environment for npm and npx outside this repository: no npm_* settings, no local bins on PATH. */
export function outsideEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === "INIT_CWD") continue;
    env[key] = value;
  }
  if (process.env.npm_config_cache !== undefined) env.npm_config_cache = process.env.npm_config_cache;
  env.PATH = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((entry) => !entry.includes("node_modules"))
    .join(delimiter);
  Object.assign(env, {
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
  });
  return env;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  /** stdout and stderr, interleaved as they came. */
  output: string;
}

const running = new Set<number>();

/** Kills (by process group id) every command still running, with what it started (for afterAll). */
export function killRunningCommands(): void {
  for (const pid of running) killGroup(pid);
  running.clear();
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/**
 * Runs a command to completion in a process group of its own (npx starts clocklab, which starts
 * a router and machines), or kills that group after `timeoutMs`.
 */
export function runCommand(
  command: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: outsideEnvironment(),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const pid = child.pid;
    if (pid !== undefined) running.add(pid);
    let stdout = "";
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
      output += text;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      output += text;
    });
    const timer = setTimeout(() => {
      if (pid !== undefined) killGroup(pid);
      reject(new Error(`${command} ${args.join(" ")} did not finish in ${timeoutMs} ms\n${output}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (pid !== undefined) running.delete(pid);
      resolve({ code, stdout, output });
    });
  });
}
