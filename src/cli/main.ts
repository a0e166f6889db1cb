// The clocklab command line: argument parsing and wiring only. User errors print one message and
// exit with code 2; anything else is a bug and prints its stack.
import { Command, CommanderError } from "@commander-js/extra-typings";
import { UserError } from "../core/userError.ts";
import { CLOCKLAB_VERSION } from "../runtime/version.ts";
import { registerCommands } from "./commands/index.ts";

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
  } else {
    throw error;
  }
}
