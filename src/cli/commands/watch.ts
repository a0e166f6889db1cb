// `clocklab watch <run-dir | logs-dir>`: the live view in a browser. Flags only; the work is
// loaded when the command runs.
import type { Command } from "@commander-js/extra-typings";

export function addWatchCommand(program: Command): void {
  program
    .command("watch")
    .description(
      "serve a live view of a run in the browser (space-time diagram, Lamport lag, queues, HLC, message " +
        "fates, causal highlighting), following its logs as they grow; for a directory of runs, list them",
    )
    .argument("<dir>", "a run directory (logs/<run-name>) or a directory of runs (logs/)")
    .option("--port <port>", "port to serve on; 0 picks a free one", "7410")
    .option("--host <address>", "listen on this address instead of 127.0.0.1 (needs --token)")
    .option(
      "--token <secret>",
      "secret the page must present when --host is given (or set CLOCKLAB_WATCH_TOKEN)",
    )
    .option("--replay", "replay a finished run in real time (at --speed) instead of following it")
    .option("--speed <factor>", "replay speed, times real time (implies --replay)")
    .option("--open", "open the page in the default browser")
    .action(async (dir, options) => {
      const { runWatchCommand } = await import("../actions/watch.ts");
      await runWatchCommand(dir, options);
    });
}
