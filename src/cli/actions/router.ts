// What `clocklab router` does once its flags are parsed: runs the router, narrates joins, leaves
// and refusals (peer text escaped for the terminal), and says at the end where the run is and how
// to analyse it.
import { escapeForTerminal } from "../../core/terminalText.ts";
import { UserError } from "../../core/userError.ts";
import { hasParent, type ProcessFaultMessage, sendToParent } from "../../runtime/ipc.ts";
import { startCoordinatorRun } from "../../runtime/nats/coordinatorRun.ts";
import { startRouterRun } from "../../runtime/routerProcess.ts";
import { resolveCommandConfig } from "../config/resolveCommandConfig.ts";
import { faultScheduleText } from "../faultSchedule.ts";

export type CommandOptions = Record<string, unknown> & {};

let say = (text: string) => process.stdout.write(`clocklab router: ${text}\n`);

/** `clocklab coordinator`: the router's part for a run over NATS. */
export async function runCoordinatorCommand(options: CommandOptions): Promise<void> {
  await runRouterCommand({ ...options, transport: "nats" });
}

export async function runRouterCommand(options: CommandOptions): Promise<void> {
  const config = await resolveCommandConfig(options);
  const overNats = config.run.transport === "nats";
  if (overNats) say = (text: string) => process.stdout.write(`clocklab coordinator: ${text}\n`);
  let routed = 0;
  let dropped = 0;
  let runStarted = false;
  const start = overNats ? startCoordinatorRun : startRouterRun;
  const run = await start(config, {
    onListening: (info) => {
      const where = overNats
        ? `coordinating on the NATS cluster at ${info.host} (machines join with --transport nats --name ${info.runId})`
        : `listening on ${info.host}:${info.port}`;
      say(
        `run ${info.runId} (seed ${info.seed}) ${where}, ` +
          `waiting for ${config.run.machines} machines; logs in ${info.runDir}`,
      );
      sendToParent({ type: "listening", ...info });
      // Under the launcher, `clocklab run` prints the schedule; by hand, the router does.
      if (!hasParent()) process.stdout.write(faultScheduleText(info.faults, info.seed));
    },
    onLog: (entry) => {
      switch (entry.type) {
        case "routed":
          routed++;
          break;
        case "dropped":
          dropped++;
          break;
        case "started":
          runStarted = true;
          say(`all machines joined; starting (t0 ${new Date(entry.t0).toISOString()})`);
          sendToParent({ type: "started", t0: entry.t0, endAt: entry.endAt ?? null });
          break;
        case "joined":
          say(`${escapeForTerminal(entry.id)} joined${entry.rejoin ? " (rejoined)" : ""}`);
          break;
        case "left":
          say(`${escapeForTerminal(entry.id)} left (${escapeForTerminal(entry.reason)})`);
          break;
        case "rejected":
          say(`refused connection ${entry.connection}: ${entry.code} ${escapeForTerminal(entry.message)}`);
          break;
        case "lost-sends":
          say(
            `${escapeForTerminal(entry.from)} sent messages ${entry.firstSeq}..${entry.lastSeq} that never arrived ` +
              `(${entry.cause}); recorded as lost`,
          );
          break;
        case "cut-off":
          say(
            `${escapeForTerminal(entry.id)} cut off: a slow consumer (${entry.bufferedBytes} bytes waiting)`,
          );
          break;
        default:
          break;
      }
    },
  });
  const countsTimer = hasParent()
    ? setInterval(() => sendToParent({ type: "routerCounts", routed, dropped, rejected: 0 }), 250)
    : null;
  const onSignal = (signal: NodeJS.Signals) => run.interrupt(signal);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // Under the launcher: what it did for a process fault goes into router.jsonl.
  const onParentMessage = (message: unknown) => {
    const m = message as Partial<ProcessFaultMessage> | null;
    if (m?.type === "process-fault" && m.note !== undefined) run.recordProcessFault(m.note);
  };
  process.on("message", onParentMessage);
  // Under the launcher: if it is gone before the run starts, the machines it was to start never
  // come, so the router ends the run rather than wait for them for ever. A run under way goes on
  // to its end, so that its logs are whole.
  const onParentGone = () => {
    if (!runStarted) run.interrupt("the launcher that started this router is gone");
  };
  process.on("disconnect", onParentGone);
  const result = await run.finished;
  process.off("disconnect", onParentGone);
  if (countsTimer !== null) clearInterval(countsTimer);
  sendToParent({ type: "routerCounts", routed, dropped, rejected: 0 });
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  process.off("message", onParentMessage);
  say(
    `run ${result.status} (${escapeForTerminal(result.reason)}); ${routed} deliveries routed, ${dropped} dropped`,
  );
  say(`run directory: ${run.runDir}`);
  say(`analyse it with: clocklab analyze ${run.runDir}`);
  if (result.status === "failed") throw new UserError(`the run failed: ${result.reason}`);
  if (result.status === "interrupted") process.exitCode = 130;
}
