// What `clocklab simulate` does once its flags are parsed: runs the simulation with a progress
// display and Ctrl-C between slices, then the summary and the report.
import { runSimulation } from "../../runtime/simulate/runSimulation.ts";
import { resolveCommandConfig } from "../config/resolveCommandConfig.ts";
import { faultScheduleText } from "../faultSchedule.ts";
import { createProgressView } from "../simulate/progress.ts";
import { summarizeRun } from "../summarizeRun.ts";
import { openWatch, replaySpeed, serveUntilInterrupted, type WatchFlags, watchPort } from "../watchAfter.ts";

export type CommandOptions = Record<string, unknown> & { yes?: true; quiet?: true } & WatchFlags;

export async function runSimulateCommand(options: CommandOptions): Promise<void> {
  const config = await resolveCommandConfig(options);
  const speed = replaySpeed(options);
  watchPort(options);
  let signal: NodeJS.Signals | null = null;
  const onSignal = (received: NodeJS.Signals) => {
    signal = received;
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const progress = createProgressView({ quiet: options.quiet === true });
  let outcome: Awaited<ReturnType<typeof runSimulation>>;
  try {
    outcome = await runSimulation(config, {
      yes: options.yes === true,
      onProgress: (p) => progress.update(p),
      stopRequested: () => signal,
      onStart: (info) => {
        if (options.quiet !== true) process.stderr.write(faultScheduleText(info.faults, info.seed));
      },
    });
  } finally {
    progress.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  if (!options.quiet) {
    const sim = outcome.info.sim;
    process.stderr.write(
      `clocklab: simulated ${config.run.machines} machines for ${config.run.durationS} virtual s ` +
        `(seed ${outcome.info.seed}): ${sim?.totals?.events ?? 0} events in ${sim?.wallClockS ?? 0} s\n`,
    );
  }
  if (config.sim.logging) {
    await summarizeRun(outcome.runDir);
  } else {
    // Nothing to analyse without event logs: the simulator's own counts are all there is.
    const t = outcome.result.totals;
    process.stdout.write(
      `\nrun directory: ${outcome.runDir} (sim.logging is false: no event logs, run.json has the totals)\n` +
        `events: ${t.events} (${t.sends} sends, ${t.receives} receives, ${t.internals} internal); ` +
        `deliveries: ${t.routed} routed, ${t.delivered} delivered, ${t.dropped} dropped, ` +
        `${t.queued} still queued, ${t.inFlight} in flight\n`,
    );
  }
  if (outcome.interrupted) {
    process.exitCode = 130;
    return;
  }
  if (options.watch === true)
    await serveUntilInterrupted(await openWatch(outcome.runDir, options, speed, false));
}
