// Faults of the host (issue 12, items 20 and 21): a log directory on a disk that fills up during
// the run, and one on a read-only file system. Each command says which file failed and why, in one
// line without a stack trace, exits non-zero, and leaves a run whose run.json says why it ended and
// whose every line already written is whole. The disks are small tmpfs mounts of the command's own
// (test/hardening/smallDisk.ts); where mounting is not allowed these tests are skipped, saying so.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_BIN } from "../helpers/cli.ts";
import { analyzeFates, expectEveryFateAccounted } from "../helpers/fates.ts";
import { STACK_FRAME } from "./common.ts";
import { onSmallDisk, smallDiskSupport } from "./smallDisk.ts";

const root = mkdtempSync(join(tmpdir(), "clocklab-host-faults-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const unsupported = smallDiskSupport(root);
if (unsupported !== null) console.warn(`skipping the host-fault tests: ${unsupported}`);

/** Every .jsonl file of a run ends after a whole line, and every line parses. */
function expectWholeLines(runDir: string): void {
  for (const name of readdirSync(runDir).filter((n) => n.endsWith(".jsonl"))) {
    const text = readFileSync(join(runDir, name), "utf8");
    if (text === "") continue;
    expect(text.endsWith("\n"), `${name} ends after a whole line`).toBe(true);
    for (const line of text.trimEnd().split("\n")) expect(() => JSON.parse(line), name).not.toThrow();
  }
}

describe.skipIf(unsupported !== null)("item 21: a read-only log directory", () => {
  it.each([
    [["simulate", "--seed", "21", "--duration", "2"]],
    [["router", "--port", "0"]],
    [["run", "--duration", "2", "--port", "0"]],
  ])("clocklab %j says read-only file system (EROFS), not ENOENT, and exits 2", async (args) => {
    const disk = join(root, `ro-${args[0]}`);
    const result = await onSmallDisk(disk, { sizeKb: 64, readOnly: true }, [
      ...args,
      ...["--log-dir", join(disk, "logs"), "--name", "r"],
    ]);
    expect(result.code, result.output).toBe(2);
    expect(result.output).toContain(
      `cannot create ${join(disk, "logs", "r")}: read-only file system (EROFS)`,
    );
    expect(result.output).not.toContain("ENOENT");
    expect(result.output).not.toMatch(STACK_FRAME);
  });
});

describe.skipIf(unsupported !== null)("item 20: the disk fills up during a run", () => {
  it("live: each process names its file and ENOSPC, the run ends, run.json says why, lines stay whole", async () => {
    const disk = join(root, "full-live");
    const result = await onSmallDisk(disk, { sizeKb: 48 }, [
      ...["run", "--seed", "20", "--duration", "4", "--speeds", "40,40,40", "--port", "0"],
      ...["--log-dir", disk, "--name", "r"],
    ]);
    expect(result.code, result.output).toBe(2);
    expect(result.output).toMatch(
      /cannot write \S+\/r\/(m\d|router)\.jsonl: no space left on device \(ENOSPC\)/,
    );
    expect(result.output).not.toMatch(STACK_FRAME);
    const runDir = join(result.copy, "r");
    const info = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
    expect(info.status).not.toBe("running");
    expect(info.status).not.toBe("completed");
    expect(info.endReason).toMatch(/no space left on device \(ENOSPC\)/);
    const files = readdirSync(runDir);
    expect(files.filter((name) => name.endsWith(".tmp"))).toEqual([]);
    // A report cut off by the full disk is not left behind as if it were one.
    if (existsSync(join(runDir, "report.html"))) {
      expect(readFileSync(join(runDir, "report.html"), "utf8")).toContain("</html>");
    }
    expectWholeLines(runDir);
    // Nothing else lost: read off the disk, every delivery has its fate, none unexplained.
    const { run, warnings } = analyzeFates(runDir);
    expectEveryFateAccounted(run, warnings);
  });

  it("sim: names the file and ENOSPC, exits 2, run.json says failed, lines stay whole", async () => {
    const disk = join(root, "full-sim");
    const result = await onSmallDisk(disk, { sizeKb: 48 }, [
      ...["simulate", "--seed", "20", "--duration", "60", "--log-dir", disk, "--name", "s"],
    ]);
    expect(result.code, result.output).toBe(2);
    expect(result.output).toMatch(/cannot write \S+\/s\/\S+: no space left on device \(ENOSPC\)/);
    expect(result.output).not.toMatch(STACK_FRAME);
    const runDir = join(result.copy, "s");
    const info = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
    expect(info.status).toBe("failed");
    expect(info.endReason).toMatch(/ENOSPC/);
    expect(readdirSync(runDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expectWholeLines(runDir);
  });

  it("analyze: a report.html the full disk cut off is removed, and the message names the cause", async () => {
    const disk = join(root, "full-analyze");
    const runDir = join(disk, "a");
    const sim = `'${process.execPath}' '${CLI_BIN}' simulate --seed 20 --duration 10 --log-dir '${disk}' --name a`;
    const fill = `rm '${runDir}/report.html'; dd if=/dev/zero of='${disk}/fill' bs=1k count=1000 2>/dev/null`;
    const result = await onSmallDisk(disk, { sizeKb: 200, before: `${sim} >/dev/null && ${fill}` }, [
      ...["analyze", runDir],
    ]);
    expect(result.output).toContain(`cannot write report.html into ${runDir} (ENOSPC)`);
    expect(result.output).not.toMatch(STACK_FRAME);
    expect(existsSync(join(result.copy, "a", "report.html"))).toBe(false);
    expectWholeLines(join(result.copy, "a"));
  });
});
