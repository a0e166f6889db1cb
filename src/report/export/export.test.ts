// ShiViz and CSV exports. Every ShiViz file is checked against ShiViz's own parser rules
// (test/helpers/shivizRules.ts), including runs with a silent machine or a cut-off log.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { eventLine, FIXTURE_DIR, makeRunDir, twoMachineRun } from "../../../test/analysis/runDirs.ts";
import { checkShivizFile } from "../../../test/helpers/shivizRules.ts";
import { UserError } from "../../core/userError.ts";
import { exportRun, exportRunToFile } from "./writeExport.ts";

function exportedShiviz(dir: string): ReturnType<typeof checkShivizFile> {
  return checkShivizFile(readFileSync(join(dir, "out.log"), "utf8"));
}

/**
 * Three machines in run.json; m3 logged nothing, yet m1 received its first message (so logged
 * vectors name m3): m1 INTERNAL @0, RECEIVE m3:1 @1000, SEND m1:1 to m2 @1500; m2 INTERNAL @500,
 * RECEIVE m1:1 @2000.
 */
function runWithSilentMachine(): Record<string, string | object[]> {
  return {
    "run.json": `${JSON.stringify({
      mode: "live",
      machines: ["m1", "m2", "m3"].map((id) => ({ id, ticksPerSecond: 1 })),
    })}\n`,
    "m1.jsonl": [
      eventLine(1, "INTERNAL", 0, 1, { m1: 1, m2: 0, m3: 0 }, 0),
      eventLine(2, "RECEIVE", 1000, 3, { m1: 2, m2: 0, m3: 1 }, 0, {
        id: "m3:1",
        from: "m3",
        lamport: 2,
        sentAt: 900,
      }),
      eventLine(3, "SEND", 1500, 4, { m1: 3, m2: 0, m3: 1 }, 0, {
        id: "m1:1",
        kind: "SEND_FIRST",
        to: ["m2"],
        lamport: 4,
        sentAt: 1500,
      }),
    ],
    "m2.jsonl": [
      eventLine(1, "INTERNAL", 500, 1, { m1: 0, m2: 1, m3: 0 }, 0),
      eventLine(2, "RECEIVE", 2000, 5, { m1: 3, m2: 2, m3: 1 }, 0, {
        id: "m1:1",
        from: "m1",
        lamport: 4,
        sentAt: 1500,
      }),
    ],
    "m3.jsonl": "",
  };
}

describe("ShiViz export", () => {
  it("writes the regex, then event/clock line pairs with the logged vector clocks", async () => {
    const dir = makeRunDir(twoMachineRun());
    const result = await exportRunToFile(dir, "shiviz", join(dir, "out.log"));
    expect(result.events).toBe(8);
    expect(result.warnings).toEqual([]);
    const { events, errors } = exportedShiviz(dir);
    expect(errors).toEqual([]);
    expect(events).toHaveLength(8);
    expect(events[0]).toMatchObject({ event: "INTERNAL lamport=1 queue=0", host: "m1", clock: { m1: 1 } });
    expect(events.at(-1)).toMatchObject({
      event: "RECEIVE lamport=5 queue=1 message=m2:1 from=m2",
      host: "m1",
      clock: { m1: 4, m2: 3 },
    });
  });

  it("gives a file ShiViz accepts when a machine logged nothing, and says what is missing", async () => {
    const dir = makeRunDir(runWithSilentMachine());
    const result = await exportRunToFile(dir, "shiviz", join(dir, "out.log"));
    const { events, errors } = exportedShiviz(dir);
    expect(errors).toEqual([]);
    expect(events.map((e) => e.host)).toEqual(["m1", "m2", "m1", "m1", "m2"]);
    expect(events.at(-1)!.clock).toEqual({ m1: 3, m2: 2 });
    expect(result.warnings.join("\n")).toContain("m3.jsonl is empty");
    expect(result.warnings.join("\n")).toMatch(/1 receive has no SEND before it in the logs \(from m3\)/);
    expect(result.warnings.join("\n")).toMatch(/3 events' logged vector clocks/);
  });

  it("gives a file ShiViz accepts when a log was cut off", async () => {
    const run = twoMachineRun();
    // m2's log ends after its second event, in the middle of the third line; m1 still received
    // m2:1, whose logged vector says m2 had 3 events.
    const m2 = (run["m2.jsonl"] as object[]).slice(0, 3).map((line) => JSON.stringify(line));
    run["m2.jsonl"] = `${m2[0]}\n${m2[1]}\n${m2[2]!.slice(0, 40)}`;
    const dir = makeRunDir(run);
    const result = await exportRunToFile(dir, "shiviz", join(dir, "out.log"));
    const { events, errors } = exportedShiviz(dir);
    expect(errors).toEqual([]);
    expect(events).toHaveLength(6);
    expect(result.warnings.join("\n")).toContain("m2.jsonl: the last line was cut off");
    expect(result.warnings.join("\n")).toMatch(/1 receive has no SEND before it in the logs \(from m2\)/);
  });

  it("keeps host names distinct and every event on one line, whatever the ids hold", async () => {
    const line = (seq: number, t: number, message?: Record<string, unknown>) =>
      eventLine(seq, message === undefined ? "INTERNAL" : "SEND", t, seq, {}, 0, message);
    const dir = makeRunDir({
      "run.json": '{"mode":"sim"}\n',
      "a b.jsonl": [
        line(1, 0),
        line(2, 10, { id: "x\u2028y\rz", kind: "DIRECT", to: ["a_b"], lamport: 2, sentAt: 10 }),
      ],
      "a_b.jsonl": [line(1, 5)],
    });
    await exportRunToFile(dir, "shiviz", join(dir, "out.log"));
    const { events, errors } = exportedShiviz(dir);
    expect(errors).toEqual([]);
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.host)).size).toBe(2);
  });

  it("refuses a run without a single event: ShiViz cannot show it", async () => {
    const dir = makeRunDir({ "run.json": '{"mode":"sim","machines":[{"id":"m1","ticksPerSecond":1}]}\n' });
    const out = join(dir, "out.log");
    await expect(exportRunToFile(dir, "shiviz", out)).rejects.toThrow(UserError);
    await expect(exportRunToFile(dir, "shiviz", out)).rejects.toThrow(/no events to export/);
    expect(existsSync(out)).toBe(false);
  });

  it.skipIf(!existsSync(FIXTURE_DIR))(
    "rebuilds vector clocks for the original exercise's format (uses ../shared/fixtures)",
    async () => {
      const dir = makeRunDir({});
      await exportRunToFile(FIXTURE_DIR, "shiviz", join(dir, "out.log"));
      const { events, errors } = exportedShiviz(dir);
      expect(errors).toEqual([]);
      expect(events).toHaveLength(706);
    },
  );
});

describe("CSV export", () => {
  it("writes a header and one row per event in true-time order, with tick, kind, HLC and vector", async () => {
    const dir = makeRunDir(twoMachineRun());
    await exportRunToFile(dir, "csv", join(dir, "events.csv"));
    const rows = readFileSync(join(dir, "events.csv"), "utf8").trimEnd().split("\n");
    expect(rows[0]).toBe(
      "machine,seq,tick,type,kind,trueTime,systemTime,lamport,hlcWall,hlcLogical,queueLength," +
        "messageId,messageFrom,messageTo,messageLamport,messageSentAt,vector.m1,vector.m2",
    );
    expect(rows).toHaveLength(9);
    expect(rows[3]).toBe("m1,2,2,SEND,SEND_FIRST,1000,1000,2,1000,0,0,m1:1,,m2,2,1000,2,0");
    expect(rows[4]).toBe("m2,2,2,RECEIVE,,1500,1500,3,1500,0,0,m1:1,m1,,2,1000,2,2");
    expect(rows.slice(1).map((r) => Number(r.split(",")[5]))).toEqual([
      0, 500, 1000, 1500, 2000, 2500, 2600, 3000,
    ]);
  });

  it("has no vector columns when vector clocks were off", async () => {
    const run = twoMachineRun();
    for (const file of ["m1.jsonl", "m2.jsonl"]) {
      run[file] = (run[file] as Array<Record<string, unknown>>).map(({ vector: _, ...rest }) => rest);
    }
    const dir = makeRunDir(run);
    await exportRunToFile(dir, "csv", join(dir, "events.csv"));
    const [header, first] = readFileSync(join(dir, "events.csv"), "utf8").split("\n");
    expect(header).toMatch(/,messageSentAt$/);
    expect(first).toBe("m1,1,1,INTERNAL,,0,0,1,0,0,0,,,,,");
  });

  it.skipIf(!existsSync(FIXTURE_DIR))(
    "leaves tick and HLC empty for the original exercise's format (uses ../shared/fixtures)",
    async () => {
      const dir = makeRunDir({});
      await exportRunToFile(FIXTURE_DIR, "csv", join(dir, "events.csv"));
      const rows = readFileSync(join(dir, "events.csv"), "utf8").trimEnd().split("\n");
      expect(rows).toHaveLength(707);
      const cells = rows[1]!.split(",");
      expect(cells[2]).toBe("");
      expect(cells[8]).toBe("");
      expect(rows.some((r) => r.includes(",SEND,SEND_FIRST,"))).toBe(true);
    },
  );
});

describe("export into an output that closes", () => {
  /** One machine with enough events for several read batches. */
  function longRun(): string {
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      eventLine(i + 1, "INTERNAL", i * 10, i + 1, { m1: i + 1 }, 0),
    );
    return makeRunDir({ "run.json": '{"mode":"sim"}\n', "m1.jsonl": lines });
  }

  for (const how of ["with EPIPE", "without an error"]) {
    it(`stops reading and rejects when the output is destroyed ${how}`, async () => {
      let written = 0;
      const out = new Writable({
        highWaterMark: 1024,
        write(chunk: Buffer, _encoding, done) {
          written += chunk.length;
          // Slow reader: the exporter must wait for "drain", and the output closes meanwhile.
          setImmediate(() => {
            if (how === "with EPIPE") done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
            else {
              out.destroy();
              done();
            }
          });
        },
      });
      await expect(exportRun(longRun(), "csv", out)).rejects.toThrow(/EPIPE|closed/);
      expect(written).toBeLessThan(1_000_000);
    }, 10_000);
  }
});
