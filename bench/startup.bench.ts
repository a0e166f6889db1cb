// Start-up (issue 10), npm run bench:startup: how quickly and how small clocklab starts, side by side
// with `node -e 0` in the same run. Short commands (`--help`, `client --help`) are timed interleaved
// (median wall time, peak RSS from GNU time); an idle machine's memory 5 s after t0; the timeline of
// `npm start -- --duration 10` and of a live 1,000-machine run (launch to t0, the run, the end);
// optionally `npm test`. Where a goal is missed, a CPU profile says where the time goes.
// Rewrites "## startup" in BENCHMARKS.md.
// Flags: --reps N (10) --live-reps N (3) --npm-test (also time `npm test`, about two minutes)
// --baseline DIR (a checkout of an earlier commit, installed: measured side by side as "before").
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sectionNotes, writeBenchmarkSection } from "./lib/benchmarksFile.ts";
import { type CommandToTime, canMeasureRss, median, summarize, timeCommands } from "./lib/commandTiming.ts";
import { idleByHand, idleUnderLauncher } from "./lib/idleMachine.ts";
import { type LiveTimeline, liveTimeline } from "./lib/liveTimeline.ts";
import { describeMachine, loadAverage, todayIso } from "./lib/machineInfo.ts";
import { summarizeProfile } from "./lib/profileSummary.ts";
import { fixed, markdownTable, verdict } from "./lib/table.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1]! : fallback;
};
const reps = Number(flag("reps", "10"));
const liveReps = Number(flag("live-reps", "3"));
const withNpmTest = args.includes("--npm-test");
const baselineDir = flag("baseline", "") === "" ? null : resolve(flag("baseline", ""));

const REPO = join(import.meta.dirname, "..");
const DIRECT = "sendFirst=0,sendSecond=0,broadcast=0,direct=3,internal=7";
const GOAL_HELP_MS = 150;
const GOAL_HELP_MB = 60;
const GOAL_IDLE_MB = 50;
const GOAL_NPM_START_S = 12;
const GOAL_NPM_TEST_S = 90;

interface Checkout {
  name: string;
  dir: string;
  bin: string;
}
const checkouts: Checkout[] = [
  { name: "now", dir: REPO, bin: join(REPO, "bin", "clocklab.js") },
  ...(baselineDir === null
    ? []
    : [{ name: "before", dir: baselineDir, bin: join(baselineDir, "bin", "clocklab.js") }]),
];
const labelled = (checkout: Checkout, text: string) =>
  checkouts.length > 1 ? `${text} (${checkout.name})` : text;

const loadAtStart = loadAverage();
const work = mkdtempSync(join(tmpdir(), "clocklab-bench-startup-"));
const notes: string[] = [];

try {
  // 1. Short commands, interleaved.
  const commands: CommandToTime[] = [{ label: "node -e 0", command: process.execPath, args: ["-e", "0"] }];
  for (const checkout of checkouts) {
    commands.push(
      {
        label: labelled(checkout, "clocklab --help"),
        command: process.execPath,
        args: [checkout.bin, "--help"],
      },
      {
        label: labelled(checkout, "clocklab client --help"),
        command: process.execPath,
        args: [checkout.bin, "client", "--help"],
      },
      {
        label: labelled(checkout, "clocklab router --help"),
        command: process.execPath,
        args: [checkout.bin, "router", "--help"],
      },
    );
  }
  commands.push({
    label: "npm start -- --help",
    command: "npm",
    args: ["start", "--silent", "--", "--help"],
  });
  process.stdout.write(`startup: ${commands.length} commands x ${reps}, interleaved ...\n`);
  const times = (await timeCommands(commands, reps)).map(summarize);
  const nodeMs = times[0]!.medianWallMs;
  const commandRows = times.map((t) => [
    `\`${t.label}\``,
    fixed(t.medianWallMs, 0),
    fixed(t.medianWallMs - nodeMs, 0),
    fixed(t.medianMaxRssMb, 1),
    fixed(t.maxRssMb, 1),
  ]);

  // 2. An idle machine.
  process.stdout.write("startup: idle machines ...\n");
  const idleRows: string[][] = [];
  const idleNow: number[] = [];
  for (const checkout of checkouts) {
    const byHand = await idleByHand(checkout.bin, mkdtempSync(join(work, "idle-")));
    const launched = await idleUnderLauncher(checkout.bin, mkdtempSync(join(work, "idle-")));
    if (checkout.name === "now") idleNow.push(byHand.rssMb, launched.rssMb);
    idleRows.push(
      [
        labelled(checkout, "by hand: `clocklab router --machines 2` + 2 × `clocklab client --speed 6`"),
        fixed(byHand.rssMb, 1),
        fixed(byHand.peakRssMb, 1),
      ],
      [
        labelled(checkout, "under the launcher: `clocklab run --machines 2 --speeds 6,6`"),
        fixed(launched.rssMb, 1),
        fixed(launched.peakRssMb, 1),
      ],
    );
  }

  // 3. Live runs: where the wall time goes.
  const timelineRows: string[][] = [];
  const results = new Map<string, LiveTimeline[]>();
  let runIndex = 0;
  const timeRuns = async (
    key: string,
    label: string,
    make: (logDir: string, name: string) => [string, string[], string],
  ) => {
    const runs: LiveTimeline[] = [];
    for (let i = 0; i < liveReps; i++) {
      const logDir = mkdtempSync(join(work, "live-"));
      const name = `run${runIndex++}`;
      const [command, commandArgs, cwd] = make(logDir, name);
      process.stdout.write(`startup: ${label} (${i + 1}/${liveReps}) ...\n`);
      const timeline = await liveTimeline(command, commandArgs, cwd, join(logDir, name), 240_000);
      if (timeline.exitCode !== 0)
        throw new Error(`${label} exited with ${timeline.exitCode}\n${timeline.stderr.slice(-2000)}`);
      runs.push(timeline);
      rmSync(logDir, { recursive: true, force: true });
    }
    results.set(key, runs);
    timelineRows.push(timelineRow(label, runs));
  };
  for (const checkout of checkouts) {
    await timeRuns(
      `npm-${checkout.name}`,
      labelled(checkout, "`npm start -- --duration 10`"),
      (logDir, name) => [
        "npm",
        ["start", "--silent", "--", "--duration", "10", "--port", "0", "--log-dir", logDir, "--name", name],
        checkout.dir,
      ],
    );
  }
  for (const checkout of checkouts) {
    await timeRuns(
      `1000-${checkout.name}`,
      labelled(checkout, "`clocklab run --machines 1000 --duration 5`"),
      (logDir, name) => [
        process.execPath,
        [
          checkout.bin,
          "run",
          "--machines",
          "1000",
          "--duration",
          "5",
          "--actions",
          DIRECT,
          "--port",
          "0",
          "--log-dir",
          logDir,
          "--name",
          name,
        ],
        checkout.dir,
      ],
    );
  }

  // 4. npm test, optionally.
  let npmTestS: number | null = null;
  if (withNpmTest) {
    process.stdout.write("startup: npm test ...\n");
    const startedMs = performance.now();
    const code = await runToEnd("npm", ["test", "--silent"], REPO);
    npmTestS = (performance.now() - startedMs) / 1000;
    if (code !== 0) notes.push(`\`npm test\` exited with ${code}.`);
  }

  // 5. A profile of the command-line start (where --help's time goes).
  const profile = await profileHelp(checkouts[0]!.bin);

  // Goals.
  const now = (label: string) => times.find((t) => t.label === labelled(checkouts[0]!, label))!;
  const help = now("clocklab --help");
  const clientHelp = now("clocklab client --help");
  const medianOf = (key: string, pick: (t: LiveTimeline) => number) =>
    median((results.get(key) ?? []).map(pick));
  const npmWallS = medianOf("npm-now", (t) => t.exitedAt - t.launchedAt) / 1000;
  const t0Now = medianOf("1000-now", (t) => t.t0 - t.launchedAt) / 1000;
  const t0Before = medianOf("1000-before", (t) => t.t0 - t.launchedAt) / 1000;
  const goals = [
    [
      "`clocklab --help`, median wall",
      `${fixed(help.medianWallMs, 0)} ms`,
      `<= ${GOAL_HELP_MS} ms`,
      verdict(help.medianWallMs <= GOAL_HELP_MS),
    ],
    [
      "`clocklab --help`, peak RSS",
      `${fixed(help.maxRssMb, 1)} MB`,
      `<= ${GOAL_HELP_MB} MB`,
      verdict(help.maxRssMb <= GOAL_HELP_MB),
    ],
    [
      "`clocklab client --help`, median wall",
      `${fixed(clientHelp.medianWallMs, 0)} ms`,
      `<= ${GOAL_HELP_MS} ms`,
      verdict(clientHelp.medianWallMs <= GOAL_HELP_MS),
    ],
    [
      "`clocklab client --help`, peak RSS",
      `${fixed(clientHelp.maxRssMb, 1)} MB`,
      `<= ${GOAL_HELP_MB} MB`,
      verdict(clientHelp.maxRssMb <= GOAL_HELP_MB),
    ],
    [
      "idle machine RSS 5 s after t0, by hand",
      `${fixed(idleNow[0]!, 1)} MB`,
      `<= ${GOAL_IDLE_MB} MB`,
      verdict(idleNow[0]! <= GOAL_IDLE_MB),
    ],
    [
      "idle machine RSS 5 s after t0, under the launcher",
      `${fixed(idleNow[1]!, 1)} MB`,
      `<= ${GOAL_IDLE_MB} MB`,
      verdict(idleNow[1]! <= GOAL_IDLE_MB),
    ],
    [
      "`npm start -- --duration 10`, median wall",
      `${fixed(npmWallS, 1)} s`,
      `<= ${GOAL_NPM_START_S} s`,
      verdict(npmWallS <= GOAL_NPM_START_S),
    ],
    [
      "launch to t0, 1,000 machines, median",
      `${fixed(t0Now, 2)} s`,
      Number.isFinite(t0Before)
        ? `<= ${fixed(t0Before / 2, 2)} s (half of before: ${fixed(t0Before, 2)} s)`
        : "half of before (no --baseline given)",
      Number.isFinite(t0Before) ? verdict(t0Now <= t0Before / 2) : "n/a",
    ],
    ...(npmTestS === null
      ? []
      : [
          [
            "`npm test`, wall",
            `${fixed(npmTestS, 0)} s`,
            `<= ${GOAL_NPM_TEST_S} s`,
            verdict(npmTestS <= GOAL_NPM_TEST_S),
          ],
        ]),
  ];

  const commandTable = markdownTable(
    ["command", "median wall ms", "minus node -e 0", "median peak RSS MB", "max peak RSS MB"],
    commandRows,
  );
  const idleTable = markdownTable(
    ["machine process, 6 ticks/s", "RSS 5 s after t0, MB", "peak RSS, MB"],
    idleRows,
  );
  const timelineTable = markdownTable(
    [
      "run (median of each step)",
      "launch → router listening",
      "→ last hello",
      "→ t0",
      "before t0",
      "t0 → end",
      "end → recorded",
      "→ summary",
      "→ exit",
      "wall",
    ],
    timelineRows,
  );
  const goalTable = markdownTable(["goal", "measured", "target", "verdict"], goals);
  const profileList = profile.entries.map((e) => `- ${fixed(e.selfShare * 100, 1)}% ${e.name}`).join("\n");
  const report = [
    `\`npm run bench:startup${args.length > 0 ? ` -- ${args.join(" ")}` : ""}\` (bench/startup.bench.ts).`,
    `Commands run from the checkout (\`node bin/clocklab.js ...\`, i.e. dist/ and its staleness check); short commands`,
    `${reps} times each, interleaved after a warm-up round, wall time from spawn to exit measured by the bench,`,
    `peak RSS ${canMeasureRss ? "from `/usr/bin/time -f %M`" : "not measured (no GNU time)"}. Live runs ${liveReps} times each, with`,
    "`--port 0 --log-dir <tmp> --name <n>` added; the 1,000-machine run uses bench:scale's DIRECT die",
    `(\`--actions ${DIRECT}\`). Steps: the router is listening when run.json is created, "last hello" is`,
    'the last `joined` line of router.jsonl, t0 and the planned end come from its `started` line, "recorded" is',
    "run.json's endedAt, \"summary\" the arrival of the summary table's first line (every process has exited and",
    'the analysis is done), "exit" the command\'s exit (the report is written in between).',
    ...(baselineDir === null
      ? []
      : ["", `"before" is ${baselineDir} (an earlier commit), measured in the same run.`]),
    "",
    commandTable,
    "",
    idleTable,
    "",
    timelineTable,
    "",
    goalTable,
    "",
    `Where \`clocklab client --help\` spends its time (\`node --cpu-prof\`, self time, shares of busy samples; ${fixed(profile.idleShare * 100, 0)}% idle):`,
    "",
    profileList,
    ...(notes.length > 0 ? ["", ...notes] : []),
    "",
    `Measured ${todayIso()} on ${describeMachine()}; 1-minute load average ${loadAtStart} at the start, ${loadAverage()} at the end (shared machine).`,
  ].join("\n");
  process.stdout.write(`\n${report}\n`);
  writeBenchmarkSection("startup", report + sectionNotes("startup"));
} finally {
  rmSync(work, { recursive: true, force: true });
}

function timelineRow(label: string, runs: LiveTimeline[]): string[] {
  const step = (pick: (t: LiveTimeline) => number) => `${fixed(median(runs.map(pick)) / 1000, 2)} s`;
  return [
    label,
    step((t) => t.routerListeningAt - t.launchedAt),
    step((t) => t.lastHelloAt - t.routerListeningAt),
    step((t) => t.t0 - t.lastHelloAt),
    step((t) => t.t0 - t.launchedAt),
    step((t) => t.endAt - t.t0),
    step((t) => t.endRecordedAt - t.endAt),
    step((t) => t.summaryAt - t.endRecordedAt),
    step((t) => t.exitedAt - t.summaryAt),
    step((t) => t.exitedAt - t.launchedAt),
  ];
}

function runToEnd(command: string, commandArgs: string[], cwd: string): Promise<number | null> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, commandArgs, { cwd, stdio: ["ignore", "ignore", "ignore"] });
    child.on("error", reject);
    child.on("exit", (code) => resolvePromise(code));
  });
}

async function profileHelp(bin: string) {
  const dir = mkdtempSync(join(work, "profile-"));
  await runToEnd(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, bin, "client", "--help"], REPO);
  const largest = readdirSync(dir)
    .map((file) => join(dir, file))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  return summarizeProfile(largest, 12);
}
