// What `clocklab run` does once its flags are parsed.
import { hostNowMs } from "../../runtime/clock.ts";
import { launchRun } from "../../runtime/launcher.ts";
import type { MachineStatus } from "../../runtime/machineClient.ts";
import { resolveCommandConfig } from "../config/resolveCommandConfig.ts";
import { faultScheduleText } from "../faultSchedule.ts";
import { LiveProgress } from "../liveProgress.ts";
import { summarizeRun } from "../summarizeRun.ts";
import {
  openWatch,
  type StartedWatch,
  serveUntilInterrupted,
  type WatchFlags,
  watchPort,
} from "../watchAfter.ts";

export type CommandOptions = Record<string, unknown> & WatchFlags;

export async function runRunCommand(options: CommandOptions): Promise<void> {
  const config = await resolveCommandConfig(options);
  watchPort(options);
  let watching: Promise<StartedWatch> | null = null;
  const progress = new LiveProgress();
  const totalS = config.run.durationS;
  let t0: number | null = null;
  let machines: MachineStatus[] = [];
  let routed = 0;
  let dropped = 0;
  let phase = "starting";
  const draw = () => {
    const elapsedS = t0 === null ? 0 : Math.min(totalS, Math.max(0, (hostNowMs() - t0) / 1000));
    progress.render({ elapsedS, totalS, phase, machines, routed, dropped });
  };
  const launch = launchRun(config, {
    onListening: (info) => {
      phase = "waiting for machines";
      if (options.watch === true) watching = openWatch(info.runDir, options, null, true);
      progress.notice(
        `clocklab: run ${info.runId} (seed ${info.seed}), ${config.run.transport === "nats" ? "over NATS (a coordinator in the router's place)" : `router on 127.0.0.1:${info.port}`}, logs in ${info.runDir}`,
      );
    },
    onStarted: (startAt) => {
      t0 = startAt;
      phase = "running";
    },
    onStatus: (statuses) => {
      machines = statuses;
    },
    onRouterCounts: (counts) => {
      routed = counts.routed;
      dropped = counts.dropped;
    },
    onChildOutput: (who, line) => progress.notice(`[${who}] ${line}`, process.stderr),
    onFaults: (windows, seed) => {
      const text = faultScheduleText(windows, seed);
      if (text !== "") progress.notice(text.trimEnd());
    },
    onProcessFault: (note) =>
      progress.notice(
        `clocklab: fault ${note.fault}: ${note.machine} ${note.action}${note.detail ? ` (${note.detail})` : ""}`,
      ),
  });
  const onSignal = (signal: NodeJS.Signals) => {
    phase = `stopping (${signal})`;
    launch.interrupt(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const timer = setInterval(draw, process.stdout.isTTY ? 250 : 1000);
  const result = await launch.finished;
  clearInterval(timer);
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  if (t0 !== null) {
    phase = result.interrupted ? "interrupted" : "done";
    draw();
  }
  progress.done();
  if (result.runDir === null || t0 === null) {
    if (result.interrupted) {
      const where = result.runDir === null ? "" : `; run directory: ${result.runDir}`;
      process.stdout.write(
        `clocklab: interrupted before the run started, so there is nothing to summarize${where}\n`,
      );
    }
    process.exitCode = result.interrupted ? 130 : 2;
    return;
  }
  await summarizeRun(result.runDir);
  // A process of the run that failed (a machine whose log could not be written, say) has said why
  // above; the run then ends with a non-zero status, as its run.json does.
  const failed = Object.entries(result.exitCodes).filter(([, code]) => code !== 0 && code !== null);
  if (result.interrupted) process.exitCode = 130;
  else if (failed.length > 0) {
    process.stderr.write(`clocklab: ${failed.map(([label]) => label).join(", ")} failed; see above\n`);
    process.exitCode = 2;
  } else if (watching !== null) await serveUntilInterrupted(await watching);
}
