// Messages child processes send to the launcher over Node's IPC channel (plain data).
import type { MachineStatus } from "./machineClient.ts";

export type ChildMessage =
  | { type: "listening"; host: string; port: number; runDir: string; runId: string; seed: number }
  | { type: "started"; t0: number; endAt: number | null }
  | { type: "routerCounts"; routed: number; dropped: number; rejected: number }
  | { type: "status"; machines: MachineStatus[] };

/** Sends to the parent if there is one (a process started by the launcher); otherwise does nothing. */
export function sendToParent(message: ChildMessage): void {
  if (typeof process.send === "function" && process.connected) process.send(message);
}

/** Whether this process was started by a launcher that listens on the IPC channel. */
export function hasParent(): boolean {
  return typeof process.send === "function" && process.connected;
}
