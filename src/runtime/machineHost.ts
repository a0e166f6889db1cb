// `clocklab client`: hosts one or more live machines in this process (one TCP connection each),
// reports their status to a launcher if there is one (otherwise prints a heartbeat line now and
// then, so a machine started by hand is not silent), and stops them cleanly on SIGINT/SIGTERM.
import type { ClocklabConfig } from "../core/config.ts";
import { isSubjectToken } from "../core/nats/subjects.ts";
import type { MachineId } from "../core/types.ts";
import { UserError } from "../core/userError.ts";
import { hasParent, sendToParent } from "./ipc.ts";
import type { MachineLink } from "./links/machineLink.ts";
import { NatsLink } from "./links/natsLink.ts";
import { TcpLink } from "./links/tcpLink.ts";
import { MachineClient, type MachineEnd, type MachineStatus } from "./machineClient.ts";
import { natsEndpoint } from "./nats/natsEndpoint.ts";
import { PartLog } from "./nats/partLog.ts";
import { tierUpEarly } from "./tierUp.ts";

const STATUS_INTERVAL_MS = 200;
const HEARTBEAT_INTERVAL_MS = 10_000;

export interface MachineHostOptions {
  config: ClocklabConfig;
  ids: MachineId[];
  ticksPerSecond?: number;
  connectTimeoutMs: number;
  /** After a restart: clocks resumed from the machine's log (default), or from zero. */
  resumeClocks?: "log" | "zero";
  onNotice: (text: string) => void;
  /** Where heartbeat lines go when no launcher watches (a machine started by hand). */
  onHeartbeat?: (text: string) => void;
}

/** How this process's machines reach the run: one link each, of the run's transport. */
function linkMaker(
  config: ClocklabConfig,
  ids: MachineId[],
): { linkFor: (id: MachineId) => MachineLink; partLog: PartLog | null } {
  if (config.run.transport === "tcp") {
    const { host, port, maxFrameBytes } = config.router;
    return { linkFor: (id) => new TcpLink({ id, host, port, maxFrameBytes }), partLog: null };
  }
  const runId = config.run.name;
  if (runId === null)
    throw new UserError(
      "--transport nats: no run to join; expected --name RUN (the name the coordinator printed)",
    );
  const unfit = ids.find((id) => !isSubjectToken(id));
  if (unfit !== undefined)
    throw new UserError(
      `--id ${unfit}: with --transport nats an id may hold only A-Z a-z 0-9 _ - (it is part of NATS subjects)`,
    );
  const endpoint = natsEndpoint(config);
  const partLog = new PartLog(config.run.logDir, ids[0] ?? "part", ids);
  return {
    partLog,
    linkFor: (id) =>
      new NatsLink({ id, runId, urls: endpoint.urls, credsFile: endpoint.credsFor(id), partLog }),
  };
}

export async function hostMachines(options: MachineHostOptions): Promise<MachineEnd[]> {
  tierUpEarly(options.ids.length);
  const { config } = options;
  const { linkFor, partLog } = linkMaker(config, options.ids);
  const clients = options.ids.map(
    (id) =>
      new MachineClient({
        id,
        link: linkFor(id),
        ...(config.router.token !== null ? { token: config.router.token } : {}),
        logDir: config.run.logDir,
        ...(options.ticksPerSecond !== undefined ? { ticksPerSecond: options.ticksPerSecond } : {}),
        connectTimeoutMs: options.connectTimeoutMs,
        resumeClocks: options.resumeClocks ?? "log",
        onNotice: options.onNotice,
      }),
  );
  const stopAll = (signal: NodeJS.Signals) => {
    for (const client of clients) client.stop(signal);
  };
  process.on("SIGINT", stopAll);
  process.on("SIGTERM", stopAll);
  const reportStatus = () => sendToParent({ type: "status", machines: clients.map((c) => c.status()) });
  const underLauncher = hasParent();
  const statusTimer = underLauncher
    ? setInterval(reportStatus, STATUS_INTERVAL_MS)
    : setInterval(
        () => options.onHeartbeat?.(heartbeat(clients.map((c) => c.status()))),
        HEARTBEAT_INTERVAL_MS,
      );
  try {
    await Promise.all(clients.map((client) => client.start()));
    return await Promise.all(clients.map((client) => client.finished));
  } catch (error) {
    stopAll("SIGTERM");
    await Promise.allSettled(clients.map((client) => client.finished));
    throw error;
  } finally {
    partLog?.close();
    clearInterval(statusTimer);
    if (underLauncher) reportStatus();
    process.off("SIGINT", stopAll);
    process.off("SIGTERM", stopAll);
  }
}

/** One line for the machines of this process: ticks, Lamport value and queue of each (a few shown). */
export function heartbeat(statuses: MachineStatus[]): string {
  const shown = statuses.slice(0, 4).map((s) => {
    if (s.state === "connecting" || s.state === "waiting") return `${s.id} ${s.state}`;
    return `${s.id} tick ${s.ticks}, lamport ${s.lamport}, queue ${s.queueLength}${s.state === "running" ? "" : ` (${s.state})`}`;
  });
  const more = statuses.length > shown.length ? `; and ${statuses.length - shown.length} more` : "";
  return `${shown.join("; ")}${more}`;
}
