// The soak: a live run of many fast machines as separate processes, with machines and the router
// killed (SIGKILL) and restarted at seeded random moments, then a full account of every message.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRandom } from "../../src/core/random.ts";
import { accountMessages, type FateCounts, type Kill } from "./messageFates.ts";

const BIN = fileURLToPath(new URL("../../bin/clocklab.js", import.meta.url));

export interface SoakOptions {
  durationS: number;
  machines: number;
  seed: number;
  /** Mean seconds between kills. */
  killEveryS: number;
  logDir: string;
  log: (line: string) => void;
}

export interface SoakResult {
  runDir: string;
  kills: Kill[];
  fates: FateCounts;
  routerPeakRssKb: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function waitForExit(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until run.json records t0 (the start barrier opened); returns it as Date.now()-style ms. */
async function waitForStart(runDir: string): Promise<number> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const info = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8")) as { t0: number | null };
      if (info.t0 !== null) return info.t0;
    } catch {
      // not written yet
    }
    await sleep(100);
  }
  throw new Error(`soak: the run in ${runDir} did not start within 120 s`);
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const random = createRandom(options.seed);
  const port = await freePort();
  const name = `soak-${options.seed}-${Date.now()}`;
  const runDir = join(options.logDir, name);
  const speeds = Array.from({ length: options.machines }, () => random.int(20, 40));
  // Machines take the run's plan from the router; they only need to know where it is.
  const where = ["--port", String(port), "--log-dir", options.logDir];
  const common = [
    ...where,
    "--duration",
    String(options.durationS),
    "--machines",
    String(options.machines),
    "--speeds",
    speeds.join(","),
    "--seed",
    String(options.seed),
    "--set",
    "router.startDelayMs=500",
  ];
  const processes = new Map<string, ChildProcess>();
  const start = (target: string) => {
    const args =
      target === "router"
        ? ["router", "--name", name, ...common]
        : ["client", "--id", target, ...where, "--connect-timeout", "30"];
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "ignore", "inherit"] });
    processes.set(target, child);
    return child;
  };
  const ids = Array.from({ length: options.machines }, (_, i) => `m${i + 1}`);
  const kills: Kill[] = [];
  let routerPeakRssKb = 0;
  const rssTimer = setInterval(() => {
    const pid = processes.get("router")?.pid;
    if (pid === undefined) return;
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (match) routerPeakRssKb = Math.max(routerPeakRssKb, Number(match[1]));
    } catch {
      // the process just exited
    }
  }, 200);

  try {
    start("router");
    for (const id of ids) start(id);
    // Kill only once the run has started (all machines past the start barrier), and not in its
    // last seconds, so every restarted process is back before the end.
    const t0 = await waitForStart(runDir);
    const begin = Date.now();
    options.log(`soak: run started; killing at random for ${options.durationS - 3} s`);
    const killUntil = t0 + options.durationS * 1000 - 3000;
    while (Date.now() + 1000 < killUntil) {
      await sleep(Math.max(200, -Math.log(1 - random.float()) * options.killEveryS * 1000));
      if (Date.now() >= killUntil) break;
      const target = random.int(0, 3) === 0 ? "router" : ids[random.int(0, ids.length - 1)]!;
      const child = processes.get(target)!;
      if (child.exitCode !== null) continue;
      child.kill("SIGKILL");
      kills.push({ target, atMs: performance.timeOrigin + performance.now() });
      await waitForExit(child);
      options.log(`soak: killed ${target} at ${((Date.now() - begin) / 1000).toFixed(1)} s`);
      await sleep(random.int(200, 1500));
      start(target);
      options.log(`soak: restarted ${target}`);
    }
    await Promise.all([...processes.values()].map(waitForExit));
  } finally {
    clearInterval(rssTimer);
    for (const child of processes.values()) if (child.exitCode === null) child.kill("SIGKILL");
  }
  return { runDir, kills, fates: accountMessages(runDir, kills), routerPeakRssKb };
}
