// The hidden --config-from-parent flag, end to end: without a parent that sends a config, a
// command stops with one clear message and exit code 2; under the launcher, the config (token
// included) never appears on any process's command line, and the token never reaches the disk.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/cli/config/loadConfig.ts";
import { runCli } from "../helpers/cli.ts";
import { forkCli, killAllStarted, startCli } from "../helpers/processes.ts";
import { waitFor } from "../helpers/waitFor.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "clocklab-config-from-parent-"));
});
afterEach(() => killAllStarted());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Command lines of the live child processes of `pid` (Linux /proc). A child caught between fork
 * and exec still shows its parent's command line: it is left out until it runs its own.
 */
function childCommandLines(pid: number): string[] {
  const lines: string[] = [];
  const own = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmdline = parent === pid ? readFileSync(`/proc/${name}/cmdline`, "utf8") : own;
      if (cmdline !== own) lines.push(cmdline.split("\0").join(" "));
    } catch {
      // The process ended while we looked.
    }
  }
  return lines;
}

describe("--config-from-parent", () => {
  it("stops with exit code 2 and one message when there is no parent channel", async () => {
    const result = await runCli(["router", "--config-from-parent"]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^clocklab: --config-from-parent: this process has no IPC channel to a parent;[^\n]*$/,
    );
  });

  it("stops with exit code 2 when the parent hangs up without sending the config", async () => {
    const child = forkCli(["client", "--id", "m1", "--config-from-parent"]);
    child.child.disconnect();
    expect(await child.exited()).toBe(2);
    expect(child.output().trim()).toMatch(
      /^clocklab: --config-from-parent: the parent process closed the IPC channel before sending the config$/,
    );
  });

  it("a router whose launcher is gone before the run starts ends the run instead of waiting for ever", async () => {
    const logDir = join(dir, "orphan");
    const router = forkCli(["router", "--config-from-parent"]);
    const { config } = loadConfig({
      set: ["run.machines=2", "run.name=orphan", `run.logDir=${logDir}`, "router.port=0"],
    });
    router.child.send({ type: "config", config });
    await router.waitForOutput(/listening on/, 20_000);
    router.child.disconnect();
    expect(await router.exited(), router.output()).toBe(130);
    expect(router.output()).toContain("the launcher that started this router is gone");
    const log = readFileSync(join(logDir, "orphan", "router.jsonl"), "utf8");
    expect(log).toContain("the launcher that started this router is gone");
  });

  it.skipIf(!existsSync("/proc/self/stat"))(
    "keeps the config and its token off every command line and the token out of the run directory",
    async () => {
      const token = "s3cret-token-ipc-only";
      const logDir = join(dir, "logs");
      const args = ["run", "--duration", "3", "--port", "0", "--token", token];
      const launcher = startCli([...args, "--name", "secret", "--log-dir", logDir]);
      const pid = launcher.child.pid!;
      // The router and the three machines.
      const children = await waitFor(() => {
        const lines = childCommandLines(pid);
        return lines.length >= 4 ? lines : undefined;
      }, "the launcher's four child processes");
      for (const line of children) {
        expect(line).toContain("--config-from-parent");
        expect(line).not.toContain(token);
        expect(line).not.toContain("{");
      }
      expect(await launcher.exited(), launcher.output()).toBe(0);
      const runDir = join(logDir, "secret");
      for (const file of readdirSync(runDir)) {
        expect(readFileSync(join(runDir, file), "utf8"), file).not.toContain(token);
      }
    },
  );
});
