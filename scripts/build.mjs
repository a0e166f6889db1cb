// `npm run build` (and `prepare`, so `npm install` in a clone builds): compiles src/ to dist/
// with tsc, then stamps dist/.built, which bin/clocklab.js compares against src/ in a checkout.
// It compiles into dist.partial/ and swaps it in at the end, so a clocklab process that starts
// during a build finds the old dist/ or the new one, never half of one. With --if-stale (before
// tests, benches, soak and fuzz) it builds only when the staleness check says dist/ is out of date.
import { execFileSync } from "node:child_process";
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

if (process.argv.includes("--if-stale")) {
  const { staleBuildProblem } = await import("../bin/staleBuild.js");
  if (staleBuildProblem(new URL("../", import.meta.url)) === null) {
    process.stdout.write("dist/ is up to date with src/; not rebuilding\n");
    process.exit(0);
  }
}

const require = createRequire(import.meta.url);
const PARTIAL = "dist.partial";
const OLD = "dist.old";
for (const dir of [PARTIAL, OLD]) rmSync(dir, { recursive: true, force: true });
try {
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", PARTIAL],
    { stdio: "inherit" },
  );
  await (await import("./buildWeb.mjs")).buildWeb(`${PARTIAL}/web`);
  writeFileSync(`${PARTIAL}/.built`, `${new Date().toISOString()}\n`);
  if (existsSync("dist")) renameSync("dist", OLD);
  renameSync(PARTIAL, "dist");
} finally {
  for (const dir of [PARTIAL, OLD]) rmSync(dir, { recursive: true, force: true });
}
