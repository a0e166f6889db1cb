// Messages between the launcher and the processes it starts, over Node's IPC channel (plain
// data): the config the parent sends first, the progress children send back, and the child's side
// of receiving that config.
import type { ClocklabConfig } from "../core/config.ts";
import { UserError } from "../core/userError.ts";
import type { MachineStatus } from "./machineClient.ts";
import type { ProcessFaultNote } from "./processFaults.ts";

export type ChildMessage =
  | { type: "listening"; host: string; port: number; runDir: string; runId: string; seed: number }
  | { type: "started"; t0: number; endAt: number | null }
  | { type: "routerCounts"; routed: number; dropped: number; rejected: number }
  | { type: "status"; machines: MachineStatus[] };

/** What the launcher tells the router it did for a process fault, to be recorded in router.jsonl. */
export interface ProcessFaultMessage {
  type: "process-fault";
  note: ProcessFaultNote;
}

/** The parent's first message: the resolved config the child runs with. */
export interface ConfigMessage {
  type: "config";
  config: ClocklabConfig;
}

/** The hidden flag that makes a command wait for a ConfigMessage instead of reading config files. */
export const CONFIG_FROM_PARENT_FLAG = "--config-from-parent";

/** How long a child waits for the config once it is ready to read it (it is sent at fork time). */
export const CONFIG_FROM_PARENT_TIMEOUT_MS = 10_000;

/** Sends to the parent if there is one (a process started by the launcher); otherwise does nothing. */
export function sendToParent(message: ChildMessage): void {
  if (typeof process.send === "function" && process.connected) process.send(message);
}

/** Whether this process was started by a launcher that listens on the IPC channel. */
export function hasParent(): boolean {
  return typeof process.send === "function" && process.connected;
}

/** What receiving needs of `process`; a stand-in for a parent in tests. */
export interface ParentChannel {
  send?: unknown;
  connected?: boolean;
  on(event: "message", listener: (message: unknown) => void): unknown;
  on(event: "disconnect", listener: () => void): unknown;
  off(event: "message", listener: (message: unknown) => void): unknown;
  off(event: "disconnect", listener: () => void): unknown;
}

/**
 * Waits for the parent's ConfigMessage and returns its config, not yet validated. Throws a
 * UserError if this process has no parent channel, the parent hangs up, sends something else
 * first, or sends nothing for `timeoutMs`. Stops listening afterwards, so the channel no longer
 * keeps the process alive.
 */
export function receiveConfigFromParent(
  timeoutMs = CONFIG_FROM_PARENT_TIMEOUT_MS,
  channel: ParentChannel = process,
): Promise<unknown> {
  const flag = CONFIG_FROM_PARENT_FLAG;
  const hungUp = `${flag}: the parent process closed the IPC channel before sending the config`;
  if (typeof channel.send !== "function") {
    return Promise.reject(
      new UserError(
        `${flag}: this process has no IPC channel to a parent; the flag is only for processes ` +
          "clocklab starts itself (give the config with --config FILE and flags instead)",
      ),
    );
  }
  if (channel.connected !== true) return Promise.reject(new UserError(hungUp));
  return new Promise((resolve, reject) => {
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      channel.off("message", onMessage);
      channel.off("disconnect", onDisconnect);
      outcome();
    };
    const onMessage = (message: unknown) => {
      const candidate = message as Partial<ConfigMessage> | null;
      if (candidate?.type === "config" && typeof candidate.config === "object" && candidate.config !== null) {
        const config = candidate.config;
        finish(() => resolve(config));
      } else {
        finish(() =>
          reject(
            new UserError(
              `${flag}: the parent's first IPC message is not a config; expected {"type": "config", "config": {...}}`,
            ),
          ),
        );
      }
    };
    const onDisconnect = () => finish(() => reject(new UserError(hungUp)));
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new UserError(
              `${flag}: no config arrived from the parent process within ${timeoutMs / 1000} s; ` +
                "expected clocklab's launcher to send it as the first IPC message",
            ),
          ),
        ),
      timeoutMs,
    );
    channel.on("message", onMessage);
    channel.on("disconnect", onDisconnect);
  });
}
