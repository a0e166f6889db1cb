// What `clocklab simulate` does once its flags are parsed.
import { resolveCommandConfig } from "../config/resolveCommandConfig.ts";
import { runSimulation } from "../simulate/runSimulation.ts";
import { summarizeRun } from "../summarizeRun.ts";

export type CommandOptions = Record<string, unknown> & { yes?: true; quiet?: true };

export async function runSimulateCommand(options: CommandOptions): Promise<void> {
  const config = resolveCommandConfig(options);
  const outcome = await runSimulation(config, {
    yes: options.yes === true,
    quiet: options.quiet === true,
  });
  if (!options.quiet) {
    const { totals, wallClockS } = outcome.info.sim;
    process.stderr.write(
      `clocklab: simulated ${config.run.machines} machines for ${config.run.durationS} virtual s ` +
        `(seed ${outcome.info.seed}): ${totals?.events ?? 0} events in ${wallClockS} s\n`,
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
  if (outcome.interrupted) process.exitCode = 130;
}
