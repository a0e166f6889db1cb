// A restarted machine reads its clocks back from its own log: the last event line's clocks and the
// highest message number it sent, whatever writer wrote the lines, skipping a line cut by a crash.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { eventLineJson } from "../core/logFormat/eventLine.ts";
import type { EventLine } from "../core/types.ts";
import { resumeStateFromLog } from "./resumeFromLog.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function logFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "clocklab-resume-"));
  dirs.push(dir);
  const path = join(dir, "m1.jsonl");
  writeFileSync(path, text);
  return path;
}

function line(seq: number, message?: EventLine["message"]): EventLine {
  const event: EventLine = {
    seq,
    tick: seq + 2,
    type: message === undefined ? "INTERNAL" : "SEND",
    trueTime: seq * 100.5,
    systemTime: seq * 100.5,
    lamport: seq * 2,
    vector: { m1: seq, m2: 1 },
    hlc: { wall: seq * 100, logical: seq % 2 },
    queueLength: 0,
  };
  if (message !== undefined) event.message = message;
  return event;
}

describe("resumeStateFromLog", () => {
  it("takes the last line's clocks and the highest message number sent", () => {
    const send = (n: number) => ({
      id: `m1:${n}`,
      kind: "SEND_FIRST" as const,
      to: ["m2"],
      lamport: 1,
      sentAt: 1,
    });
    const lines = [line(1, send(7)), line(2), line(3, send(4)), line(4)];
    // One line from another writer (keys in another order), and a last line cut by a crash.
    const { seq, ...rest } = line(5);
    const text = `${lines.map(eventLineJson).join("\n")}\n${JSON.stringify({ ...rest, seq })}\n{"seq":6,"tick":8,"ty`;
    expect(resumeStateFromLog(logFile(text))).toEqual({
      seq: 5,
      tick: 7,
      lamport: 10,
      vector: { m1: 5, m2: 1 },
      hlc: { wall: 500, logical: 1 },
      sent: 7,
    });
  });

  it("has nothing to resume from an empty log or one without event lines", () => {
    expect(resumeStateFromLog(logFile(""))).toBeUndefined();
    expect(resumeStateFromLog(logFile('{"type":"routed"}\n[1]\n'))).toBeUndefined();
  });
});
