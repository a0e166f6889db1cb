// `npm run bench:watch [-- --minutes 10 --machines 100 --ticks 60]`: the live view under load.
// A child process writes a live run directory (100 machines × 60 ticks/s = 6,000 lines/s, each
// stamped with the host clock as it is written); the real `clocklab watch` (dist/) follows it;
// headless Chromium shows the page, which measures for each event drawn the delay from its
// trueTime to its drawing (display lag, on the lanes shown). Also sampled: the page's JS heap
// and what it holds (it must stay bounded), and the watch server's CPU and memory from /proc.
// Writes the "Live view" section of BENCHMARKS.md.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../test/helpers/watchPage.ts";
import { sectionNotes, writeBenchmarkSection } from "./lib/benchmarksFile.ts";
import { describeMachine, loadAverage, todayIso } from "./lib/machineInfo.ts";
import { distribution } from "./lib/stats.ts";
import { fixed, markdownTable, verdict, whole } from "./lib/table.ts";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    machines: { type: "string", default: "100" },
    ticks: { type: "string", default: "60" },
    "no-write": { type: "boolean", default: false },
  },
});
const minutes = Number(values.minutes);
const machines = Number(values.machines);
const ticksPerSecond = Number(values.ticks);
const WARM_UP_MS = 15_000;
const SAMPLE_EVERY_MS = 30_000;
const P99_GOAL_MS = 500;
const CLOCK_TICKS_PER_SECOND = 100;
const root = join(import.meta.dirname, "..");

function cpuSeconds(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match === null ? Number.NaN : Number(match[1]) / 1024;
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in 30 s:\n${text}`)), 30_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = text.match(pattern);
      if (match !== null) {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        resolve(match);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const runDir = mkdtempSync(join(tmpdir(), "clocklab-bench-watch-"));
const ids = Array.from({ length: machines }, (_, i) => `m${i + 1}`);
writeFileSync(
  join(runDir, "run.json"),
  JSON.stringify({
    format: "clocklab-run",
    runId: "bench-watch",
    mode: "live",
    status: "running",
    t0: Date.now(),
    durationS: minutes * 60,
    machines: ids.map((id) => ({ id, ticksPerSecond })),
  }),
);
const loadBefore = loadAverage();
const writer = spawn(
  process.execPath,
  [
    "--import",
    "tsx",
    join(root, "bench/lib/watchWriter.ts"),
    runDir,
    String(machines),
    String(ticksPerSecond),
  ],
  { stdio: ["ignore", "pipe", "inherit"], cwd: root },
);
const server = spawn(process.execPath, [join(root, "bin/clocklab.js"), "watch", "--port", "0", runDir], {
  stdio: ["ignore", "pipe", "pipe"],
});
const [, url] = await waitForOutput(server, /(http:\/\/127\.0\.0\.1:\d+\/)/);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
const errors: string[] = [];
page.on("pageerror", (error) => errors.push(error.message));
const cdp = await page.context().newCDPSession(page);
await cdp.send("Performance.enable");
await page.goto(url!);
await page.waitForFunction(() => window.__clocklabWatch?.ready() === true, null, { timeout: 60_000 });
await page.evaluate(() => window.__clocklabWatch!.startLagRecording());

interface MemorySample {
  atS: number;
  heapMb: number;
  nodes: number;
  liveEvents: number;
  sampleRows: number;
  serverRssMb: number;
  loadAverage: string;
}

const lags: number[] = [];
const arrivalLags: number[] = [];
const memory: MemorySample[] = [];
const startedAt = Date.now();
let serverCpuAtWarmUp = Number.NaN;
let warmUpEndedAt = Number.NaN;
let lastSampleAt = startedAt;
const durationMs = minutes * 60_000;
while (Date.now() - startedAt < durationMs) {
  await sleep(5000);
  const batch = await page.evaluate(() => window.__clocklabWatch!.takeLagSamples());
  const arrivals = await page.evaluate(() => window.__clocklabWatch!.takeArrivalLagSamples());
  const elapsed = Date.now() - startedAt;
  if (elapsed > WARM_UP_MS) {
    if (Number.isNaN(serverCpuAtWarmUp)) {
      serverCpuAtWarmUp = cpuSeconds(server.pid!);
      warmUpEndedAt = Date.now();
    } else {
      lags.push(...batch);
      arrivalLags.push(...arrivals);
    }
  }
  if (Date.now() - lastSampleAt >= SAMPLE_EVERY_MS || Date.now() - startedAt >= durationMs) {
    lastSampleAt = Date.now();
    const metrics = (await cdp.send("Performance.getMetrics")).metrics;
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    const held = await page.evaluate(() => window.__clocklabWatch!.held());
    const sample: MemorySample = {
      atS: Math.round(elapsed / 1000),
      heapMb: metric("JSHeapUsedSize") / 1024 / 1024,
      nodes: metric("Nodes"),
      liveEvents: held.liveEvents,
      sampleRows: held.sampleRows,
      serverRssMb: rssMb(server.pid!),
      loadAverage: loadAverage(),
    };
    memory.push(sample);
    console.log(
      `${sample.atS} s: page heap ${fixed(sample.heapMb, 1)} MB, ${whole(sample.liveEvents)} events held, ` +
        `${whole(lags.length)} lag samples, server RSS ${fixed(sample.serverRssMb, 0)} MB`,
    );
  }
}
const serverCpuPercent =
  ((cpuSeconds(server.pid!) - serverCpuAtWarmUp) / ((Date.now() - warmUpEndedAt) / 1000)) * 100;
const serverPeakMb = Math.max(...memory.map((m) => m.serverRssMb));
const writerDone = new Promise<string>((resolve) => {
  let text = "";
  writer.stdout!.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  writer.on("exit", () => resolve(text));
});
writer.kill("SIGTERM");
const written = JSON.parse((await writerDone).trim()) as {
  lines: number;
  seconds: number;
  cpuSeconds: number;
};
await browser.close();
server.kill("SIGTERM");
await new Promise((resolve) => server.once("exit", resolve));
rmSync(runDir, { recursive: true, force: true });

const lag = distribution(lags);
const arrival = distribution(arrivalLags);
const linesPerSecond = written.lines / written.seconds;
const first = memory[0]!;
const last = memory[memory.length - 1]!;
const heapGrowthMb = last.heapMb - (memory.find((m) => m.atS >= 60) ?? first).heapMb;
const command = `npm run bench:watch${minutes === 10 ? "" : ` -- --minutes ${minutes}`}`;
const rows = [
  ["lines written per second", whole(linesPerSecond), `${whole(machines * ticksPerSecond)}`, ""],
  ["display lag p50 (line written → drawn)", `${whole(lag.p50)} ms`, "", ""],
  ["display lag p99", `${whole(lag.p99)} ms`, `<= ${P99_GOAL_MS} ms`, verdict(lag.p99 <= P99_GOAL_MS)],
  ["display lag max", `${whole(lag.max)} ms`, "", ""],
  [
    "of which before reaching the page (written → received), p50 / p99",
    `${whole(arrival.p50)} / ${whole(arrival.p99)} ms`,
    "",
    "",
  ],
  ["lag samples (events drawn on the 12 lanes shown)", whole(lag.count), "", ""],
  [
    `page JS heap at ${first.atS} s → ${last.atS} s`,
    `${fixed(first.heapMb, 1)} → ${fixed(last.heapMb, 1)} MB`,
    "bounded",
    verdict(heapGrowthMb < 50 && last.liveEvents <= 130_000),
  ],
  ["events held by the page at the end", whole(last.liveEvents), "<= 120,000 (30 s window)", ""],
  ["watch server CPU (after warm-up)", `${fixed(serverCpuPercent, 0)}% of one core`, "", ""],
  ["watch server peak RSS", `${fixed(serverPeakMb, 0)} MB`, "", ""],
  [
    "writer CPU (the bench's own load)",
    `${fixed((written.cpuSeconds / written.seconds) * 100, 0)}% of one core`,
    "",
    "",
  ],
];
const memoryRows = memory.map((m) => [
  String(m.atS),
  fixed(m.heapMb, 1),
  whole(m.nodes),
  whole(m.liveEvents),
  whole(m.sampleRows),
  fixed(m.serverRssMb, 0),
  m.loadAverage,
]);
const body = [
  `\`${command}\` (bench/watch.bench.ts): a child process writes a live run directory, ${machines} machines × ` +
    `${ticksPerSecond} ticks/s (each line's trueTime is the host clock when it is written; 20% of idle ticks send to a ` +
    "random machine, no vector clocks); the real `clocklab watch` (dist/) follows it; headless Chromium shows the " +
    "page, which records for each event the delay from its trueTime to the first drawing that shows it (lanes shown: " +
    `the first 12 machines). First ${WARM_UP_MS / 1000} s are warm-up. Ran ${minutes} minutes.`,
  "",
  markdownTable(["measure", "value", "target", "verdict"], rows),
  "",
  "Memory over the run (page: CDP Performance.getMetrics; server: /proc VmRSS) and the host's 1-minute load average:",
  "",
  markdownTable(
    [
      "at s",
      "page JS heap MB",
      "DOM nodes",
      "events held",
      "sample rows held",
      "server RSS MB",
      "host load avg",
    ],
    memoryRows,
  ),
  "",
  `Measured ${todayIso()} on ${describeMachine()}; 1-minute load average ${loadBefore} before and ${loadAverage()} after ` +
    "(the writer, the server and Chromium share the host's cores)." +
    (errors.length > 0 ? ` Page errors: ${errors.length} (${errors[0]}).` : " No page errors."),
].join("\n");
console.log(`\n${body}`);
if (!values["no-write"]) writeBenchmarkSection("Live view", body + sectionNotes("watch"));
