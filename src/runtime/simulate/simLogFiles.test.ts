import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EventLine } from "../../core/types.ts";
import { OpenFiles } from "./openFiles.ts";
import { SimLogFiles } from "./simLogFiles.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "clocklab-runfiles-"));
  dirs.push(dir);
  return dir;
}

function event(seq: number, from = "m2"): EventLine {
  return {
    seq,
    tick: seq,
    type: "RECEIVE",
    trueTime: seq * 333.3333333333333,
    systemTime: seq * 333.3333333333333 + 0.5,
    lamport: seq + 1,
    hlc: { wall: seq * 333, logical: 0 },
    queueLength: 0,
    message: { id: `${from}:${seq}`, from, lamport: seq, sentAt: 1.25 },
  };
}

/** A SEND to 2,000 machines: longer than a 4 KiB file buffer. */
function broadcast(seq: number): EventLine {
  const to = Array.from({ length: 2000 }, (_, i) => `m${i + 2}`);
  return {
    ...event(seq),
    type: "SEND",
    message: { id: `m1:${seq}`, kind: "BROADCAST", to, lamport: seq, sentAt: 2.5 },
  };
}

describe("SimLogFiles", () => {
  it("writes every line of many files in order, through small buffers and few descriptors", () => {
    const dir = tempDir();
    const files = new SimLogFiles(dir, 6, { budgetBytes: 6 * 4096, maxOpenFiles: 2 });
    const ids = ["m1", "m2", "m3", "m4", "m5", "m6"];
    const outputs = ids.map((id) => files.machine(id));
    const expected = new Map(ids.map((id) => [id, [] as string[]]));
    for (let seq = 1; seq <= 400; seq++) {
      ids.forEach((id, index) => {
        // Mix plain events, names that need escaping (escaped in place), lines longer than the
        // buffer (written on their own) and lines that come already serialised.
        const line = seq % 7 === 0 ? event(seq, 'm"x\u00e9') : seq % 101 === 0 ? broadcast(seq) : event(seq);
        if (index === 5) {
          outputs[index]!.writeLine(JSON.stringify(line));
        } else {
          outputs[index]!.writeEvent!(line);
        }
        expected.get(id)!.push(JSON.stringify(line));
      });
      files.router.writeRouterEntry!({ type: "joined", at: seq, id: "m1", rejoin: false });
    }
    files.close();
    for (const id of ids) {
      expect(readFileSync(join(dir, `${id}.jsonl`), "utf8")).toBe(`${expected.get(id)!.join("\n")}\n`);
    }
    expect(readFileSync(join(dir, "router.jsonl"), "utf8").split("\n")).toHaveLength(401);
  });
});

describe("OpenFiles", () => {
  it("keeps at most the given number of descriptors open", () => {
    const dir = tempDir();
    const files = new OpenFiles(2);
    for (let round = 0; round < 3; round++) {
      for (const name of ["a", "b", "c"]) {
        files.append(join(dir, name), `${round}\n`);
        expect(files.openCount).toBeLessThanOrEqual(2);
      }
    }
    files.closeAll();
    expect(readFileSync(join(dir, "b"), "utf8")).toBe("0\n1\n2\n");
  });
});
