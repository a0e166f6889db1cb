// The package as users get it: `npm pack` holds only what they need (compiled JavaScript, config,
// docs, experiments, examples, README, LICENSE), and the tarball installed offline into an empty folder, far
// from any source tree and without tsx or typescript, runs `simulate`, `run` and `analyze` through
// npx. Slow (an install and three commands), so it is one describe; skipped only without npm.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  killRunningCommands,
  outsideEnvironment,
  runCommand,
  writeOfflineProject,
} from "./offlineProject.ts";

const REPOSITORY = join(import.meta.dirname, "..", "..");
const STEP_TIMEOUT_MS = 120_000;

function available(command: string): boolean {
  const probe = spawnSync(command, ["--version"], { env: outsideEnvironment(), encoding: "utf8" });
  return probe.error === undefined && probe.status === 0;
}

const npmAvailable = available("npm") && available("npx");
if (!npmAvailable) {
  console.warn("test/packaging/pack.test.ts skipped: npm or npx is not on PATH, so nothing can be packed");
}

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

/** Every file under `dir`, relative to it. */
function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = join(prefix, entry.name);
    return entry.isDirectory() ? listFiles(dir, path) : [path];
  });
}

describe.skipIf(!npmAvailable)("the npm package, packed and installed offline into an empty folder", () => {
  let work: string;
  let packed: PackResult;
  let app: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "clocklab-pack-"));
    // dist/ is already built (npm test's pretest); --ignore-scripts keeps `prepare` from rebuilding
    // it under the other tests that are running the CLI at the same time.
    const pack = await runCommand(
      "npm",
      ["pack", "--ignore-scripts", "--json", "--pack-destination", work],
      REPOSITORY,
      STEP_TIMEOUT_MS,
    );
    expect(pack.code, pack.output).toBe(0);
    packed = (JSON.parse(pack.stdout) as PackResult[])[0]!;
    app = join(work, "app");
    mkdirSync(app);
  }, STEP_TIMEOUT_MS);

  afterAll(() => {
    killRunningCommands();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it("packs only what users need: no sources, tests, benches or scripts", () => {
    const paths = packed.files.map((file) => file.path);
    for (const path of paths) {
      expect(path).toMatch(
        /^(bin|dist|config|docs|experiments|examples)\/|^(README\.md|LICENSE|package\.json)$/,
      );
      expect(path).not.toMatch(/\.[cm]?ts$/);
      expect(path).not.toMatch(/\.test\.js$|\.map$/);
    }
    for (const needed of [
      "LICENSE",
      "README.md",
      "bin/clocklab.js",
      "dist/cli/main.js",
      "config/config.yaml",
    ]) {
      expect(paths).toContain(needed);
    }
  });

  it(
    "installs offline from the npm cache, without tsx or typescript",
    async () => {
      writeOfflineProject(app, join(work, packed.filename));
      const install = await runCommand("npm", ["install", "--offline", "--no-audit"], app, STEP_TIMEOUT_MS);
      expect(install.code, install.output).toBe(0);
      const installed = join(app, "node_modules", "clocklab");
      expect(existsSync(join(installed, "dist", "cli", "main.js"))).toBe(true);
      expect(existsSync(join(installed, "src"))).toBe(false);
      expect(existsSync(join(app, "node_modules", "tsx"))).toBe(false);
      expect(existsSync(join(app, "node_modules", "typescript"))).toBe(false);
      for (const file of listFiles(installed).filter((path) => path.endsWith(".js"))) {
        const text = readFileSync(join(installed, file), "utf8");
        expect(text, file).not.toMatch(
          /from\s*["'](tsx|typescript)[/"']|import\(\s*["'](tsx|typescript)[/"']/,
        );
      }
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "runs npx clocklab simulate --duration 60",
    async () => {
      const result = await runCommand(
        "npx",
        ["--offline", "clocklab", "simulate", "--duration", "60", "--seed", "1", "--name", "sim"],
        app,
        STEP_TIMEOUT_MS,
      );
      expect(result.code, result.output).toBe(0);
      expect(existsSync(join(app, "logs", "sim", "report.html"))).toBe(true);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "runs npx clocklab run --duration 3, then npx clocklab analyze on that run",
    async () => {
      const run = await runCommand(
        "npx",
        ["--offline", "clocklab", "run", "--duration", "3", "--port", "0", "--name", "live"],
        app,
        STEP_TIMEOUT_MS,
      );
      expect(run.code, run.output).toBe(0);
      const info = JSON.parse(readFileSync(join(app, "logs", "live", "run.json"), "utf8")) as {
        status: string;
      };
      expect(info.status).toBe("completed");

      const analyze = await runCommand(
        "npx",
        ["--offline", "clocklab", "analyze", join("logs", "live")],
        app,
        STEP_TIMEOUT_MS,
      );
      expect(analyze.code, analyze.output).toBe(0);
      expect(analyze.output).toMatch(/causality violations: 0/);
    },
    STEP_TIMEOUT_MS,
  );
});
