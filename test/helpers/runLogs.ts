// Reads a run directory's logs back for assertions in tests (small runs only: it keeps all lines).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RouterLogEntry } from "../../src/core/routerLog.ts";
import type { RunInfo } from "../../src/core/runInfo.ts";
import type { EventLine } from "../../src/core/types.ts";

export interface RunLogs {
  info: RunInfo;
  machines: Map<string, EventLine[]>;
  router: RouterLogEntry[];
  /** Under NATS: every host's part log (edges/*.jsonl), lines of all parts in file order. */
  edges: RouterLogEntry[];
  finals: Map<string, { queued: Array<{ id: string; from: string }> }>;
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}

export function readRunLogs(runDir: string): RunLogs {
  const info = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8")) as RunInfo;
  const machines = new Map<string, EventLine[]>();
  const finals = new Map<string, { queued: Array<{ id: string; from: string }> }>();
  for (const file of readdirSync(runDir)) {
    if (file.endsWith(".jsonl") && file !== "router.jsonl") {
      machines.set(file.replace(/\.jsonl$/, ""), readJsonl<EventLine>(join(runDir, file)));
    }
    if (file.endsWith(".final.json")) {
      finals.set(file.replace(/\.final\.json$/, ""), JSON.parse(readFileSync(join(runDir, file), "utf8")));
    }
  }
  const routerPath = join(runDir, "router.jsonl");
  const router = existsSync(routerPath) ? readJsonl<RouterLogEntry>(routerPath) : [];
  const edgesDir = join(runDir, "edges");
  const edges = existsSync(edgesDir)
    ? readdirSync(edgesDir)
        .filter((file) => file.endsWith(".jsonl"))
        .sort()
        .flatMap((file) => readJsonl<RouterLogEntry>(join(edgesDir, file)))
    : [];
  return { info, machines, router, edges, finals };
}
