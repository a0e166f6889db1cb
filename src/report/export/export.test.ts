// ShiViz and CSV exports: ShiViz's rules hold (each host's own entry starts at 1 and grows by
// exactly 1; a receive's clock dominates its send's), with logged vectors and with rebuilt ones.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { eventLine, FIXTURE_DIR, makeRunDir, twoMachineRun } from "../../../test/analysis/runDirs.ts";
import { exportRun, exportRunToFile } from "./writeExport.ts";

type Clock = Record<string, number>;

function parseShiviz(text: string): Array<{ event: string; host: string; clock: Clock }> {
  const lines = text.split("\n");
  const regex = new RegExp(lines[0]!, "g");
  expect(lines[1]).toBe("");
  const log = lines.slice(2).join("\n");
  return [...log.matchAll(regex)].map((m) => ({
    event: m.groups!.event!,
    host: m.groups!.host!,
    clock: JSON.parse(m.groups!.clock!) as Clock,
  }));
}

function checkShivizRules(entries: Array<{ event: string; host: string; clock: Clock }>): void {
  const own = new Map<string, number>();
  const sent = new Map<string, Clock>();
  for (const { event, host, clock } of entries) {
    expect(clock[host]).toBe((own.get(host) ?? 0) + 1);
    own.set(host, clock[host]!);
    const id = /message=(\S+)/.exec(event)?.[1];
    if (id !== undefined && event.startsWith("SEND")) sent.set(id, clock);
    if (id !== undefined && event.startsWith("RECEIVE")) {
      for (const [k, v] of Object.entries(sent.get(id)!)) expect(clock[k]).toBeGreaterThanOrEqual(v);
    }
  }
}

describe("ShiViz export", () => {
  it("writes the regex, then event/clock line pairs with the logged vector clocks", async () => {
    const dir = makeRunDir(twoMachineRun());
    const result = await exportRunToFile(dir, "shiviz", join(dir, "out.log"));
    expect(result.events).toBe(8);
    const text = readFileSync(join(dir, "out.log"), "utf8");
    const entries = parseShiviz(text);
    expect(entries).toHaveLength(8);
    expect(entries[0]).toEqual({ event: "INTERNAL lamport=1 queue=0", host: "m1", clock: { m1: 1 } });
    expect(entries.at(-1)).toEqual({
      event: "RECEIVE lamport=5 queue=1 message=m2:1 from=m2",
      host: "m1",
      clock: { m1: 4, m2: 3 },
    });
    checkShivizRules(entries);
  });

  it.skipIf(!existsSync(FIXTURE_DIR))(
    "rebuilds vector clocks for the original exercise's format",
    async () => {
      const dir = makeRunDir({});
      await exportRunToFile(FIXTURE_DIR, "shiviz", join(dir, "out.log"));
      const entries = parseShiviz(readFileSync(join(dir, "out.log"), "utf8"));
      expect(entries).toHaveLength(706);
      checkShivizRules(entries);
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
