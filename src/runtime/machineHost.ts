// `clocklab client`: hosts one or more live machines in this process (one TCP connection each),
// reports their status to a launcher if there is one, and stops them cleanly on SIGINT/SIGTERM.
import type { ClocklabConfig } from "../core/config.ts";
import type { MachineId } from "../core/types.ts";
import { sendToParent } from "./ipc.ts";
import { MachineClient, type MachineEnd } from "./machineClient.ts";

const STATUS_INTERVAL_MS = 200;

export interface MachineHostOptions {
  config: ClocklabConfig;
  ids: MachineId[];
  seed?: number;
  ticksPerSecond?: number;
  connectTimeoutMs: number;
  onNotice: (text: string) => void;
}

export async function hostMachines(options: MachineHostOptions): Promise<MachineEnd[]> {
  const clients = options.ids.map(
    (id) =>
      new MachineClient({
        id,
        config: options.config,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.ticksPerSecond !== undefined ? { ticksPerSecond: options.ticksPerSecond } : {}),
        connectTimeoutMs: options.connectTimeoutMs,
        onNotice: options.onNotice,
      }),
  );
  const stopAll = (signal: NodeJS.Signals) => {
    for (const client of clients) client.stop(signal);
  };
  process.on("SIGINT", stopAll);
  process.on("SIGTERM", stopAll);
  const reportStatus = () => sendToParent({ type: "status", machines: clients.map((c) => c.status()) });
  const statusTimer = setInterval(reportStatus, STATUS_INTERVAL_MS);
  try {
    await Promise.all(clients.map((client) => client.start()));
    return await Promise.all(clients.map((client) => client.finished));
  } catch (error) {
    stopAll("SIGTERM");
    throw error;
  } finally {
    clearInterval(statusTimer);
    reportStatus();
    process.off("SIGINT", stopAll);
    process.off("SIGTERM", stopAll);
  }
}
