// Starts a clocklab command as a child process (`clocklab router`, `client`, `run`, `simulate`)
// with the exact config its parent resolved. The config goes over the IPC channel as the first
// message, never on the command line: argv has a size limit (one argument at most 128 KiB on
// Linux; larger is `spawn E2BIG`), and a command line is visible to every user of the host, while
// the config may hold the run's shared token. The child is compiled JavaScript (bin/clocklab.js,
// which runs dist/): it inherits its parent's Node flags (`node --cpu-prof bin/clocklab.js run`
// profiles every process) except loaders, code to evaluate and the inspector, so a parent started
// under a TypeScript loader (tsx, a test runner) never passes the loader on.
import { type ChildProcess, fork, type StdioNull, type StdioPipe } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ClocklabConfig } from "../core/config.ts";
import { CONFIG_FROM_PARENT_FLAG, type ConfigMessage } from "./ipc.ts";

/** The CLI entry point, from src/runtime (under tsx) and dist/runtime (compiled) alike. */
export const CLOCKLAB_BIN = fileURLToPath(new URL("../../bin/clocklab.js", import.meta.url));

type Stdio = StdioNull | StdioPipe;

export interface ClocklabChildOptions {
  /** What becomes of the child's stdin, stdout and stderr; the IPC channel is always added. */
  stdio: [Stdio, Stdio, Stdio];
  /** Its own process group (so a terminal's Ctrl-C does not reach it directly). */
  detached?: boolean;
}

/** Flags that load or run other code, each followed by its value unless written `--flag=value`. */
const FLAGS_WITH_CODE = new Set([
  "--import",
  "--require",
  "-r",
  "--loader",
  "--experimental-loader",
  "--eval",
  "-e",
  "--print",
  "-p",
  "--input-type",
]);

/** The parent's Node flags without loaders, code to evaluate or the inspector (whose port is taken). */
export function childExecArgv(parentExecArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < parentExecArgv.length; i++) {
    const arg = parentExecArgv[i]!;
    const name = arg.split("=")[0]!;
    if (FLAGS_WITH_CODE.has(name) || name === "--inspect-port") {
      if (!arg.includes("=")) i++;
    } else if (!name.startsWith("--inspect")) {
      kept.push(arg);
    }
  }
  return kept;
}

/** Forks `clocklab <args...> --config-from-parent` and sends it `config`. */
export function startClocklabChild(
  args: string[],
  config: ClocklabConfig,
  options: ClocklabChildOptions,
): ChildProcess {
  const child = fork(CLOCKLAB_BIN, [...args, CONFIG_FROM_PARENT_FLAG], {
    stdio: [...options.stdio, "ipc"],
    execArgv: childExecArgv(process.execArgv),
    detached: options.detached ?? false,
  });
  const message: ConfigMessage = { type: "config", config };
  // A child that exits before reading it (a bad flag, a signal) closes the channel; its exit code
  // tells the parent what happened, so a failed send is not a second error.
  child.send(message, () => {});
  return child;
}
