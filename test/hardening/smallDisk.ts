// A clocklab command run with its log directory on a small (or read-only) tmpfs of its own, for the
// host-fault tests (issue 12, items 20 and 21). The mount lives in a private mount namespace
// (`unshare -m`), so nothing outside the command sees it; when the command ends, what it left on
// the tmpfs is copied out for the test to read. Where mounting is not allowed, `smallDiskSupport`
// says why and the tests are skipped with that message.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { CLI_BIN } from "../helpers/cli.ts";

export interface SmallDiskResult {
  code: number | null;
  output: string;
  /** Where the tmpfs's contents were copied to once the command ended. */
  copy: string;
}

/** null if a tmpfs can be mounted here; otherwise why not. */
export function smallDiskSupport(scratch: string): string | null {
  const probe = join(scratch, "probe");
  mkdirSync(probe, { recursive: true });
  try {
    execFileSync("unshare", ["-m", "sh", "-c", `mount -t tmpfs -o size=16k tmpfs '${probe}'`], {
      stdio: "pipe",
      timeout: 10_000,
    });
    return null;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `cannot mount a tmpfs here (unshare -m + mount): ${stderr || String(error)}`;
  }
}

/**
 * Runs `clocklab ...args` with a tmpfs of `sizeKb` (read-only with `readOnly`) mounted on `mountAt`,
 * then copies what is on it to `<mountAt>-copy`.
 */
export function onSmallDisk(
  mountAt: string,
  /** `before`: shell commands run on the mounted disk before the command. */
  options: { sizeKb: number; readOnly?: boolean; before?: string },
  args: string[],
  timeoutMs = 30_000,
): Promise<SmallDiskResult> {
  const copy = `${mountAt}-copy`;
  mkdirSync(mountAt, { recursive: true });
  mkdirSync(copy, { recursive: true });
  const mountOptions = `size=${options.sizeKb}k${options.readOnly === true ? ",ro" : ""}`;
  const quoted = [process.execPath, CLI_BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const script =
    `mount -t tmpfs -o ${mountOptions} tmpfs '${mountAt}' || exit 99; ${options.before ?? ":"}; ${quoted}; code=$?; ` +
    `cp -a '${mountAt}/.' '${copy}/'; exit $code`;
  return new Promise((resolve, reject) => {
    const child = spawn("unshare", ["-m", "sh", "-c", script], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (output += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => (output += text));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(`clocklab ${args.join(" ")} on a small disk did not end in ${timeoutMs} ms\n${output}`),
      );
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output, copy });
    });
  });
}
