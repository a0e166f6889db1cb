// Clocks with real processes (issue 12, items 7, 8, 9 and 18). Live drift counts from the run's
// start t0, never from the Unix epoch. A peer that sends clock values no run could reach (2^53 - 1
// in lamport, a vector entry, hlc.logical or hlc.wall), or a message id that is not its own, is
// refused by the router with INVALID_FIELD, each refusal recorded with the message id and its
// deliveries dropped as "rejected"; the real machines it aimed at tick on to the end, exit 0, and
// their clocks stay where the model's rules put them.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { killAllStarted } from "../helpers/processes.ts";
import { RawClient, sendFrame } from "../helpers/rawClient.ts";
import { startHandClient, startHandRouter } from "./common.ts";

let logDir: string;
beforeAll(() => {
  logDir = mkdtempSync(join(tmpdir(), "clocklab-clocks-"));
});
afterEach(() => killAllStarted());
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

interface Line {
  type: string;
  trueTime: number;
  systemTime: number;
  lamport: number;
  hlc: { wall: number; logical: number };
  vector?: Record<string, number>;
}

const lines = (path: string): Line[] =>
  readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Line);

describe("item 8: live drift counts from t0", () => {
  it("run --drifts m3=200: m3 starts on time and gains 0.2 ms per second, in the logs and the metrics", async () => {
    const result = await runCli([
      ...["run", "--seed", "8", "--duration", "2", "--port", "0", "--drifts", "m3=200"],
      ...["--name", "drift", "--log-dir", logDir],
    ]);
    expect(result.code, result.stderr).toBe(0);
    const runDir = join(logDir, "drift");
    const t0 = (JSON.parse(readFileSync(join(runDir, "run.json"), "utf8")) as { t0: number }).t0;
    const m3 = lines(join(runDir, "m3.jsonl"));
    for (const line of [m3[0]!, m3.at(-1)!]) {
      // Before the fix, drift counted from 1970: 200 ppm of ~56 years is 4.16 days.
      const expected = (200 / 1e6) * (line.trueTime - t0);
      expect(Math.abs(line.systemTime - line.trueTime - expected)).toBeLessThan(0.01);
      expect(line.systemTime - line.trueTime).toBeLessThan(2);
    }
    const analysis = await runCli(["analyze", runDir, "--json", "--no-report"]);
    const json = JSON.parse(analysis.stdout) as {
      machines: Record<string, { transitMsMean: number | null; hlcAheadMsMax: number | null }>;
    };
    for (const [id, machine] of Object.entries(json.machines)) {
      expect(Math.abs(machine.transitMsMean ?? 0), id).toBeLessThan(1000);
      expect(Math.abs(machine.hlcAheadMsMax ?? 0), id).toBeLessThan(1000);
    }
  });
});

describe("items 7, 9, 18: a peer's hostile clock values and borrowed ids", () => {
  it("are refused and recorded; the machines they aimed at run to the end with sane clocks", async () => {
    const runDir = join(logDir, "hostile");
    const { router, port } = await startHandRouter([
      ...["--machines", "3", "--speeds", "10,10,10", "--duration", "3", "--seed", "9"],
      ...["--name", "hostile", "--log-dir", logDir],
    ]);
    const clients = ["m1", "m2"].map((id) => startHandClient(id, port, logDir));
    let peer = await RawClient.join(port, "m3");
    await peer.waitForFrame((f) => f.type === "start", "the start frame", 20_000);
    const MAX = Number.MAX_SAFE_INTEGER;
    const hostile: Array<[string, Record<string, unknown>]> = [
      ["m3:1", sendFrame("SEND_FIRST", "m3:1", MAX)],
      ["m3:2", sendFrame("BROADCAST", "m3:2", 1, { vector: { m1: 0, m2: 0, m3: MAX } })],
      ["m3:3", sendFrame("SEND_SECOND", "m3:3", 1, { hlc: { wall: 1, logical: MAX } })],
      ["m3:4", sendFrame("SEND_FIRST", "m3:4", 1, { hlc: { wall: MAX, logical: 0 } })],
      ["m2:1", sendFrame("SEND_FIRST", "m2:1", 1)], // item 18: an id of another machine
    ];
    for (const [id, frame] of hostile) {
      peer.send(frame);
      const error = await peer.waitForFrame((f) => f.type === "error", `the refusal of ${id}`);
      expect(error.code, id).toBe("INVALID_FIELD");
      await peer.waitForClose();
      peer = await RawClient.join(port, "m3"); // the refusal closed the connection: come back
    }
    peer.send({ type: "done", reason: "duration reached" });
    expect(await Promise.all([...clients.map((c) => c.exited()), router.exited()])).toEqual([0, 0, 0]);
    peer.destroy();

    const log = readFileSync(join(runDir, "router.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map(
        (line) => JSON.parse(line) as { type: string; messageId?: string; reason?: string; from?: string },
      );
    // Item 7: each refusal names the message, and its deliveries are dropped as rejected.
    const rejected = log.filter((e) => e.type === "rejected").map((e) => e.messageId);
    expect(rejected).toEqual(hostile.map(([id]) => id));
    const dropped = log.filter((e) => e.type === "dropped" && e.reason === "rejected");
    expect(dropped).toHaveLength(1 + 2 + 1 + 1 + 1);
    expect(log.some((e) => e.type === "routed" && e.from === "m3")).toBe(false);

    for (const id of ["m1", "m2"]) {
      const events = lines(join(runDir, `${id}.jsonl`));
      expect(events.length, id).toBeGreaterThanOrEqual(29);
      const last = events.at(-1)!;
      expect(last.lamport, id).toBeLessThan(1000);
      expect(last.hlc.logical, id).toBeLessThan(1000);
      expect(Math.abs(last.hlc.wall - last.trueTime), id).toBeLessThan(1000);
      for (const value of Object.values(last.vector ?? {})) expect(value, id).toBeLessThan(1000);
    }
  });
});
