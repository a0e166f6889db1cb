// Integration: the stdlib-only Python machine (examples/python/machine.py) takes part in a real run
// beside two clocklab machines: the real router and clients as separate processes on 127.0.0.1, the
// Python machine as m3. The run must pass `clocklab analyze` with no causality violation and every
// message's fate accounted for, and the Python machine's log must follow the model's clock rules
// in clocklab's own format. Skipped, with a message, where python3 is missing (CI installs it).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouterLogEntry } from "../../src/core/routerLog.ts";
import type { EventLine, ReceivedMessageSummary, SentMessageSummary } from "../../src/core/types.ts";
import { runCli } from "../helpers/cli.ts";
import { expectEveryFateAccounted, type RunFates } from "../helpers/fates.ts";
import { type CliProcess, freePort, killAllStarted, startCli } from "../helpers/processes.ts";
import { waitFor } from "../helpers/waitFor.ts";

const MACHINE_PY = fileURLToPath(new URL("../../examples/python/machine.py", import.meta.url));
const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const havePython = python.status === 0;
if (!havePython) {
  console.warn(
    "skipping the Python machine test: python3 is not installed (apt-get install python3; CI does)",
  );
}

const RUN = "py-run";
const IDS = ["m1", "m2", "m3"];
const EVENT_KEYS = [
  "seq",
  "tick",
  "type",
  "trueTime",
  "systemTime",
  "lamport",
  "vector",
  "hlc",
  "queueLength",
];

interface Analysis {
  machines: Record<string, { events: number; sends: number; receives: number }>;
  run: RunFates & { causalityViolations: number };
  warnings: string[];
}

function readLines<T>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as T);
}

describe.skipIf(!havePython)("the Python machine in a run with two clocklab machines", () => {
  let logDir: string;
  let runDir: string;
  let py: ChildProcess | undefined;
  let pyOutput = "";
  let pyExit: number | null = null;
  let processes: CliProcess[] = [];
  let analysis: Analysis;
  let logs: Map<string, EventLine[]>;

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), "clocklab-python-"));
    runDir = join(logDir, RUN);
    const port = String(await freePort());
    // m3 runs fastest, and the die sends often and uses every kind, so the Python machine sends,
    // receives and broadcasts within a few seconds.
    const router = startCli([
      ...["router", "--machines", "3", "--port", port, "--duration", "4", "--log-dir", logDir],
      ...["--name", RUN, "--seed", "31", "--speeds", "4,5,8"],
      ...["--actions", "sendFirst=1,sendSecond=1,broadcast=1,direct=1,internal=2"],
    ]);
    await router.waitForOutput(/listening on/);
    const clients = ["m1", "m2"].map((id) =>
      startCli(["client", "--id", id, "--port", port, "--log-dir", logDir]),
    );
    processes = [router, ...clients];
    const child = spawn(
      "python3",
      [MACHINE_PY, "--id", "m3", "--router", `127.0.0.1:${port}`, "--log-dir", logDir],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    py = child;
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      pyOutput += text;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      pyOutput += text;
    });
    const pyExited = new Promise<void>((resolve) =>
      child.on("exit", (code) => {
        pyExit = code;
        resolve();
      }),
    );
    let allExited = false;
    void Promise.all([pyExited, ...processes.map((p) => p.exited())]).then(() => {
      allExited = true;
    });
    await waitFor(
      () => allExited,
      `every process to exit\n--- python ---\n${pyOutput}\n--- router ---\n${router.output()}`,
      45_000,
    );
    const analyzed = await runCli(["analyze", runDir, "--json", "--no-report"], { timeoutMs: 30_000 });
    expect(analyzed.code, analyzed.stderr).toBe(0);
    analysis = JSON.parse(analyzed.stdout) as Analysis;
    logs = new Map(IDS.map((id) => [id, readLines<EventLine>(join(runDir, `${id}.jsonl`))]));
  }, 90_000);

  afterAll(() => {
    // Whatever happened, nothing this test started keeps running.
    if (py?.pid !== undefined && py.exitCode === null && py.signalCode === null)
      process.kill(py.pid, "SIGKILL");
    killAllStarted();
    rmSync(logDir, { recursive: true, force: true });
  });

  it("every process ends cleanly", async () => {
    expect(pyExit, pyOutput).toBe(0);
    expect(pyOutput).toContain("m3 stopped (duration reached)");
    for (const p of processes) expect(await p.exited(), p.output()).toBe(0);
  });

  it("passes analyze: no causality violation, every fate accounted for, nothing lost or dropped", () => {
    const { run, warnings } = analysis;
    expect(run.causalityViolations).toBe(0);
    expectEveryFateAccounted(run, warnings);
    expect(run.lost).toEqual({});
    expect(run.dropped).toEqual({});
    expect(run.sent).toBeGreaterThan(0);
    const m3 = analysis.machines.m3!;
    expect(m3.sends, "the Python machine sent").toBeGreaterThan(0);
    expect(m3.receives, "the Python machine received").toBeGreaterThan(0);
  });

  it("writes its events in clocklab's format, keys in order, seq and tick counting up", () => {
    const events = logs.get("m3")!;
    expect(events.length).toBeGreaterThan(10);
    events.forEach((event, i) => {
      const keys = Object.keys(event);
      expect(keys.slice(0, EVENT_KEYS.length)).toEqual(EVENT_KEYS);
      expect(keys.slice(EVENT_KEYS.length)).toEqual(event.type === "INTERNAL" ? [] : ["message"]);
      expect(event.seq).toBe(i + 1);
      expect(event.tick).toBe(i + 1);
      expect(Object.keys(event.vector!)).toEqual(IDS);
    });
  });

  it("follows the Lamport, vector and hybrid clock rules", () => {
    const sends = new Map<string, EventLine>();
    for (const [, events] of logs) for (const e of events) if (e.type === "SEND") sends.set(e.message!.id, e);
    let previous: EventLine | undefined;
    for (const event of logs.get("m3")!) {
      const before: Pick<EventLine, "lamport" | "vector" | "hlc"> = previous ?? {
        lamport: 0,
        vector: { m1: 0, m2: 0, m3: 0 },
        hlc: { wall: 0, logical: 0 },
      };
      const physical = Math.floor(event.systemTime);
      if (event.type === "RECEIVE") {
        const message = event.message as ReceivedMessageSummary;
        const sent = sends.get(message.id);
        expect(sent, message.id).toBeDefined();
        expect(event.lamport).toBe(Math.max(before.lamport, message.lamport) + 1);
        for (const id of IDS) {
          const max = Math.max(before.vector![id]!, sent!.vector![id]!);
          expect(event.vector![id]).toBe(id === "m3" ? max + 1 : max);
        }
        const wall = Math.max(before.hlc.wall, sent!.hlc.wall, physical);
        expect(event.hlc.wall).toBe(wall);
        const logical =
          wall === before.hlc.wall && wall === sent!.hlc.wall
            ? Math.max(before.hlc.logical, sent!.hlc.logical) + 1
            : wall === before.hlc.wall
              ? before.hlc.logical + 1
              : wall === sent!.hlc.wall
                ? sent!.hlc.logical + 1
                : 0;
        expect(event.hlc.logical).toBe(logical);
      } else {
        expect(event.lamport).toBe(before.lamport + 1);
        expect(event.vector).toEqual({ ...before.vector, m3: before.vector!.m3! + 1 });
        const wall = Math.max(before.hlc.wall, physical);
        expect(event.hlc).toEqual({ wall, logical: wall === before.hlc.wall ? before.hlc.logical + 1 : 0 });
      }
      previous = event;
    }
  });

  it("logs each send's destinations as the router resolved them, and sends ids <id>:1, 2, ...", () => {
    const router = readLines<RouterLogEntry>(join(runDir, "router.jsonl"));
    const routedTo = new Map<string, string[]>();
    for (const entry of router) {
      if (entry.type === "routed" && entry.from === "m3")
        routedTo.set(entry.id, [...(routedTo.get(entry.id) ?? []), entry.to]);
    }
    const sent = logs
      .get("m3")!
      .filter((e) => e.type === "SEND")
      .map((e) => e.message as SentMessageSummary);
    expect(sent.map((m) => m.id)).toEqual(sent.map((_, i) => `m3:${i + 1}`));
    const expected = {
      SEND_FIRST: [["m1"]],
      SEND_SECOND: [["m2"]],
      BROADCAST: [["m1", "m2"]],
      DIRECT: [["m1"], ["m2"]],
    };
    for (const message of sent) {
      expect(expected[message.kind]).toContainEqual(message.to);
      expect(routedTo.get(message.id) ?? []).toEqual(message.to);
    }
  });

  it("writes a final file with its last tick, its Lamport value and what is still queued", () => {
    const final = JSON.parse(readFileSync(join(runDir, "m3.final.json"), "utf8"));
    const events = logs.get("m3")!;
    const last = events[events.length - 1]!;
    expect(Object.keys(final)).toEqual(["id", "runId", "endedAt", "reason", "ticks", "lamport", "queued"]);
    expect(final).toMatchObject({
      id: "m3",
      runId: RUN,
      reason: "duration reached",
      ticks: last.tick,
      lamport: last.lamport,
    });
    const received = new Set(events.filter((e) => e.type === "RECEIVE").map((e) => e.message!.id));
    for (const entry of final.queued as Array<{ id: string; from: string }>) {
      expect(received.has(entry.id)).toBe(false);
      expect(["m1", "m2"]).toContain(entry.from);
    }
  });
});
