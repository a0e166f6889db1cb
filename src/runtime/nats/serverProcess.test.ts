// Stopping servers by pid: SIGTERM first, SIGKILL after the deadline, and a recorded pid that no
// longer runs that server (gone, or reused by another program) is reported and left alone.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/helpers/waitFor.ts";
import { writeFakeNatsServer } from "../../../test/nats/fakeNatsServer.ts";
import { serverProcessState, startServerProcess, stopServerProcess } from "./serverProcess.ts";

let dir: string;
const pids: number[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "clocklab-server-process-"));
});
afterAll(() => {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function configFile(name: string): string {
  const path = join(dir, `${name}.conf`);
  writeFileSync(path, "");
  return path;
}

describe("stopServerProcess", () => {
  it("stops a server with SIGTERM", async () => {
    const config = configFile("polite");
    const server = startServerProcess(writeFakeNatsServer(dir, "hang"), config, join(dir, "polite.log"));
    pids.push(server.pid);
    expect(serverProcessState(server.pid, config)).toBe("running");
    expect(await stopServerProcess(server.pid, config, 10_000)).toBe("stopped");
    expect(await server.exited).toBe("SIGTERM");
  });

  it("kills a server that ignores SIGTERM once the deadline passes", async () => {
    const config = configFile("stubborn");
    const log = join(dir, "stubborn.log");
    const server = startServerProcess(writeFakeNatsServer(dir, "hang-ignoring-sigterm"), config, log);
    pids.push(server.pid);
    await waitFor(() => readFileSync(log, "utf8").includes("ready"), "the server to ignore SIGTERM");
    expect(await stopServerProcess(server.pid, config, 300)).toBe("killed");
    expect(await server.exited).toBe("SIGKILL");
  });

  it("leaves alone a pid that is gone or runs another program", async () => {
    const config = configFile("other");
    expect(await stopServerProcess(process.pid, config, 100)).toBe("other-process");
    const server = startServerProcess(
      writeFakeNatsServer(dir, "exit-with-error"),
      config,
      join(dir, "o.log"),
    );
    await server.exited;
    expect(await stopServerProcess(server.pid, config, 100)).toBe("not-running");
  });
});
