// Shared by the hardening tests (issue 12): a router started by hand on a free port, and the
// files of a directory tree, to check what a run wrote and where.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { type CliProcess, startCli } from "../helpers/processes.ts";

export interface HandRouter {
  router: CliProcess;
  port: number;
}

/** `clocklab router --port 0 ...args`, resolved once it says which port it listens on. */
export async function startHandRouter(args: string[]): Promise<HandRouter> {
  const router = startCli(["router", "--port", "0", ...args]);
  const match = await router.waitForOutput(/listening on [^\s]+:(\d+),/, 20_000);
  return { router, port: Number(match[1]) };
}

/** `clocklab client --id <id> --port <port> --log-dir <logDir> ...extra`. */
export function startHandClient(id: string, port: number, logDir: string, extra: string[] = []): CliProcess {
  return startCli(["client", "--id", id, "--port", String(port), "--log-dir", logDir, ...extra]);
}

/** Every file under `dir`, as paths relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

/** A stack trace's frames ("    at foo (file.js:1:2)"): never part of a message for the user. */
export const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;
