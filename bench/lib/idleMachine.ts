// The memory of one machine process that ticks at 6/s and does little else, 5 s after t0: started
// by hand (a router and two `clocklab client` processes, each reading config/config.yaml) and
// started by the launcher (`clocklab run --machines 2`, whose children get the config over IPC).
// Reads VmRSS (now) and VmHWM (peak) from /proc; every process is stopped by pid.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Child, sleep, startChild, stopChild } from "./processes.ts";

const AFTER_T0_MS = 5000;
/** How long a start may take on a busy shared host before the measurement gives up. */
const START_TIMEOUT_MS = 90_000;

export interface IdleMemory {
  rssMb: number;
  peakRssMb: number;
}

function memoryOf(pid: number): IdleMemory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMb: kb("VmRSS") / 1024, peakRssMb: kb("VmHWM") / 1024 };
}

async function waitForLine(child: Child, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const line of child.lines) {
      const match = pattern.exec(line);
      if (match !== null) return match;
    }
    await sleep(20);
  }
  throw new Error(`no line matching ${pattern} within ${timeoutMs} ms`);
}

async function sleepUntil(epochMs: number): Promise<void> {
  await sleep(Math.max(0, epochMs - Date.now()));
}

/** A router and two clients started by hand; the memory of m1. */
export async function idleByHand(bin: string, logDir: string): Promise<IdleMemory> {
  const routerArgs = [
    bin,
    "router",
    "--machines",
    "2",
    "--port",
    "0",
    "--duration",
    "60",
    "--log-dir",
    logDir,
  ];
  const router = startChild(process.execPath, routerArgs, "router");
  const clients: Child[] = [];
  try {
    const [, port] = await waitForLine(router, /listening on 127\.0\.0\.1:(\d+)/, START_TIMEOUT_MS);
    for (const id of ["m1", "m2"]) {
      const args = [
        bin,
        "client",
        "--id",
        id,
        "--router",
        `127.0.0.1:${port}`,
        "--speed",
        "6",
        "--log-dir",
        logDir,
      ];
      clients.push(startChild(process.execPath, args, id, true));
    }
    const [, t0Iso] = await waitForLine(router, /starting \(t0 (\S+)\)/, START_TIMEOUT_MS);
    await sleepUntil(Date.parse(t0Iso!) + AFTER_T0_MS);
    return memoryOf(clients[0]!.pid);
  } finally {
    for (const client of clients) await stopChild(client);
    await stopChild(router);
  }
}

function childPids(pid: number, commandPart: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const command = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ");
      if (parent === pid && command.includes(commandPart)) pids.push(Number(name));
    } catch {
      // Gone while we looked.
    }
  }
  return pids;
}

/** `clocklab run --machines 2 --speeds 6,6`; the memory of one of its machine processes. */
export async function idleUnderLauncher(bin: string, logDir: string): Promise<IdleMemory> {
  const args = [bin, "run", "--machines", "2", "--speeds", "6,6", "--duration", "60", "--port", "0"];
  const launcher = startChild(
    process.execPath,
    [...args, "--log-dir", logDir, "--name", "idle"],
    "run",
    true,
  );
  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let t0: number | null = null;
    while (t0 === null && Date.now() < deadline) {
      try {
        t0 = (JSON.parse(readFileSync(join(logDir, "idle", "run.json"), "utf8")) as { t0: number | null }).t0;
      } catch {
        // Not written yet.
      }
      if (t0 === null) await sleep(50);
    }
    if (t0 === null) {
      throw new Error(
        `the launched run did not start within ${START_TIMEOUT_MS / 1000} s\n${launcher.stderrText.join("").slice(-2000)}`,
      );
    }
    await sleepUntil(t0 + AFTER_T0_MS);
    const [client] = childPids(launcher.pid, " client ");
    if (client === undefined) throw new Error("no machine process under the launcher");
    return memoryOf(client);
  } finally {
    await stopChild(launcher, 10_000);
  }
}
