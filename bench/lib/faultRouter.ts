// The clocklab router (lib/routerServer.ts, its own process, router.jsonl on) with or without
// network faults, and the three machines of the router benchmark (lib/tcpHarness.ts) attached:
// one session of the faults benchmark. stop() closes both and leaves router.jsonl complete.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { startTsChild, stopChild, waitForJsonLine } from "./processes.ts";
import type { MessageKind, RelayHarness } from "./relayHarness.ts";
import { tcpHarness } from "./tcpHarness.ts";

export interface FaultRouterSession {
  harness: RelayHarness;
  /** The router's process, for its CPU time. */
  pid: number;
  routerJsonlPath: string;
  stop(): Promise<void>;
}

/** Starts a router with `faults` (--fault shorthands) writing its log under `workDir`. */
export async function openFaultRouter(
  workDir: string,
  faults: readonly string[],
  kind: MessageKind,
  nodeFlags: string[] = [],
): Promise<FaultRouterSession> {
  const runDir = mkdtempSync(join(workDir, "run-"));
  const args = ["--expect", "3", "--log", "file", "--dir", runDir, ...faults.flatMap((f) => ["--fault", f])];
  const child = startTsChild(join(import.meta.dirname, "routerServer.ts"), args, "router", nodeFlags);
  try {
    const { port } = await waitForJsonLine<{ port: number }>(child, "clocklab router");
    const harness = await tcpHarness(port, kind);
    return {
      harness,
      pid: child.pid,
      routerJsonlPath: join(runDir, "router.jsonl"),
      async stop() {
        await harness.close();
        await stopChild(child);
      },
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
