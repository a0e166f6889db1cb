// The child's side of receiving its config over IPC, against a stand-in parent channel: the
// config is returned, and every way it can fail (no channel, a hang-up, a wrong first message,
// silence) is one UserError naming the flag, with the listeners removed afterwards.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { UserError } from "../core/userError.ts";
import { type ParentChannel, receiveConfigFromParent } from "./ipc.ts";

function fakeParent(connected = true): EventEmitter & ParentChannel {
  return Object.assign(new EventEmitter(), { send: () => true, connected });
}

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe("receiveConfigFromParent", () => {
  it("returns the config of the first message and stops listening", async () => {
    const parent = fakeParent();
    const received = receiveConfigFromParent(1000, parent);
    parent.emit("message", { type: "config", config: { run: { machines: 3 } } });
    await expect(received).resolves.toEqual({ run: { machines: 3 } });
    expect(parent.listenerCount("message")).toBe(0);
    expect(parent.listenerCount("disconnect")).toBe(0);
  });

  it("refuses a process with no IPC channel", async () => {
    const error = await failure(receiveConfigFromParent(1000, new EventEmitter()));
    expect(error.message).toMatch(/^--config-from-parent: this process has no IPC channel/);
    expect(error.exitCode).toBe(2);
  });

  it("refuses a channel that is already closed", async () => {
    const error = await failure(receiveConfigFromParent(1000, fakeParent(false)));
    expect(error.message).toMatch(/closed the IPC channel before sending the config/);
  });

  it("fails when the parent hangs up before sending", async () => {
    const parent = fakeParent();
    const received = receiveConfigFromParent(1000, parent);
    parent.emit("disconnect");
    expect((await failure(received)).message).toMatch(/closed the IPC channel before sending the config/);
    expect(parent.listenerCount("message")).toBe(0);
  });

  it("fails when the first message is not a config", async () => {
    const parent = fakeParent();
    const received = receiveConfigFromParent(1000, parent);
    parent.emit("message", { type: "status", machines: [] });
    expect((await failure(received)).message).toMatch(/first IPC message is not a config/);
  });

  it("fails when nothing arrives in time", async () => {
    const parent = fakeParent();
    const error = await failure(receiveConfigFromParent(20, parent));
    expect(error.message).toMatch(/no config arrived from the parent process within 0.02 s/);
    expect(parent.listenerCount("message")).toBe(0);
  });
});
