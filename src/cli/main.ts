// The clocklab command line: argument parsing and wiring only. User errors print one message and
// exit with code 2; anything else is a bug and prints its stack. Output piped into a reader that
// stops early (`clocklab analyze <dir> | head`) ends the command quietly: see onOutputClosed.
import { Command, CommanderError } from "@commander-js/extra-typings";
import { UserError } from "../core/userError.ts";
import { CLOCKLAB_VERSION } from "../runtime/version.ts";
import { registerCommands } from "./commands/index.ts";

function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "EPIPE";
}

let outputClosed = false;

/**
 * The reader of stdout or stderr went away (EPIPE). Nobody sees what follows, so nothing more is
 * printed. A command that stops cleanly on Ctrl-C (run, router, client, experiment) is stopped that
 * way, so its machines and run.json end properly; any other command exits now, with the exit code
 * it had so far (0 unless it already failed).
 */
function onOutputClosed(): void {
  if (outputClosed) return;
  outputClosed = true;
  if (process.listenerCount("SIGINT") > 0) process.emit("SIGINT", "SIGINT");
  else process.exit();
}

for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (isBrokenPipe(error) || outputClosed) onOutputClosed();
    else throw error;
  });
}

const program = new Command("clocklab")
  .description("A scale model of an asynchronous distributed system for observing logical clocks")
  .version(CLOCKLAB_VERSION)
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) });

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UserError) {
    process.stderr.write(`clocklab: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else if (isBrokenPipe(error)) {
    onOutputClosed();
  } else {
    throw error;
  }
}
