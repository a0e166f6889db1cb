// `clocklab client`: hosts one or more live machines in this process (one TCP connection each),
// reports their status to a launcher if there is one (otherwise prints a heartbeat line now and
// then, so a machine started by hand is not silent), and stops them cleanly on SIGINT/SIGTERM.
import type { ClocklabConfig } from "../core/config.ts";
import type { MachineId } from "../core/types.ts";
import { hasParent, sendToParent } from "./ipc.ts";
import { TcpLink } from "./links/tcpLink.ts";
import { MachineClient, type MachineEnd, type MachineStatus } from "./machineClient.ts";

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

export async function hostMachines(options: MachineHostOptions): Promise<MachineEnd[]> {
  const { config } = options;
  const clients = options.ids.map(
    (id) =>
      new MachineClient({
        id,
        link: new TcpLink({
          id,
          host: config.router.host,
          port: config.router.port,
          maxFrameBytes: config.router.maxFrameBytes,
        }),
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
