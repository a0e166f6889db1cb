// What `clocklab router` does once its flags are parsed.
import { sendToParent } from "../../runtime/ipc.ts";
import { startRouterRun } from "../../runtime/routerProcess.ts";
import { resolveCommandConfig } from "../config/resolveCommandConfig.ts";

export type CommandOptions = Record<string, unknown> & {};

export async function runRouterCommand(options: CommandOptions): Promise<void> {
  const config = resolveCommandConfig(options);
  let routed = 0;
  let dropped = 0;
  const run = await startRouterRun(config, {
    onListening: (info) => {
      process.stdout.write(
        `clocklab router: run ${info.runId} (seed ${info.seed}) listening on ${info.host}:${info.port}, ` +
          `waiting for ${config.run.machines} machines; logs in ${info.runDir}\n`,
      );
      sendToParent({ type: "listening", ...info });
    },
    onLog: (entry) => {
      if (entry.type === "routed") routed++;
      else if (entry.type === "dropped") dropped++;
      else if (entry.type === "started") {
        process.stdout.write(
          `clocklab router: all machines joined; starting (t0 ${new Date(entry.t0).toISOString()})\n`,
        );
        sendToParent({ type: "started", t0: entry.t0, endAt: entry.endAt ?? null });
      } else if (entry.type === "joined" || entry.type === "left") {
        const detail = entry.type === "left" ? ` (${entry.reason})` : entry.rejoin ? " (rejoined)" : "";
        process.stdout.write(`clocklab router: ${entry.id} ${entry.type}${detail}\n`);
      } else if (entry.type === "rejected") {
        process.stdout.write(
          `clocklab router: rejected connection ${entry.connection}: ${entry.code} ${entry.message}\n`,
        );
      }
    },
  });
  const countsTimer = setInterval(
    () => sendToParent({ type: "routerCounts", routed, dropped, rejected: 0 }),
    250,
  );
  const onSignal = (signal: NodeJS.Signals) => run.interrupt(signal);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const status = await run.finished;
  clearInterval(countsTimer);
  sendToParent({ type: "routerCounts", routed, dropped, rejected: 0 });
  process.stdout.write(`clocklab router: run ${status}; ${routed} deliveries routed, ${dropped} dropped\n`);
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  if (status === "interrupted") process.exitCode = 130;
}
