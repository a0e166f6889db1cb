// What `clocklab watch` accepts: a run directory, or a directory of runs listed newest first;
// anything else is a UserError that names the directory and says what was expected.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../core/userError.ts";
import { listRuns, runInLogs, watchTarget } from "./watchTarget.ts";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "clocklab-target-"));
}

describe("watchTarget", () => {
  it("takes a directory with run.json or machine logs as a run", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "m1.jsonl"), "");
    expect(watchTarget(dir)).toEqual({ kind: "run", runDir: dir });
  });

  it("takes a directory of runs as such, and lists them newest first", () => {
    const logs = tempDir();
    for (const [name, createdAt] of [
      ["run-a", "2026-01-01T00:00:00Z"],
      ["run-b", "2026-03-01T00:00:00Z"],
      ["run-c", "2026-02-01T00:00:00Z"],
    ] as const) {
      mkdirSync(join(logs, name));
      writeFileSync(
        join(logs, name, "run.json"),
        JSON.stringify({ createdAt, mode: "sim", status: "completed" }),
      );
    }
    mkdirSync(join(logs, "not-a-run"));
    expect(watchTarget(logs)).toEqual({ kind: "runs", logsDir: logs });
    expect(listRuns(logs).map((run) => run.name)).toEqual(["run-b", "run-c", "run-a"]);
    expect(runInLogs(logs, "run-a")).toBe(join(logs, "run-a"));
    expect(runInLogs(logs, "../run-a")).toBeNull();
    expect(runInLogs(logs, "not-a-run")).toBeNull();
  });

  it("refuses a directory that is neither, a missing one, a file, and the original exercise's logs", () => {
    const empty = tempDir();
    expect(() => watchTarget(empty)).toThrow(UserError);
    expect(() => watchTarget(empty)).toThrow(/is not a run directory/);
    expect(watchTarget(empty, true)).toEqual({ kind: "run", runDir: empty });
    expect(() => watchTarget(join(empty, "nope"))).toThrow(/no such directory/);
    writeFileSync(join(empty, "file"), "");
    expect(() => watchTarget(join(empty, "file"))).toThrow(/is a file/);
    const python = tempDir();
    writeFileSync(join(python, "client-1.json"), "[]");
    expect(() => watchTarget(python)).toThrow(/clocklab analyze/);
  });
});
