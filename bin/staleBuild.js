// Whether a checkout's dist/ is missing or older than its sources: the build writes dist/.built
// last, so any source file (tests aside) or build setting changed after that stamp, or a folder
// of src/ whose entries changed (a file deleted or renamed), means dist/ is stale. Costs a walk of
// src/ (about 1 ms); an installed package has no src/ and never runs it.
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const STAMP = "dist/.built";
const BUILD_SETTINGS = ["tsconfig.json", "tsconfig.build.json"];

function newer(a, b) {
  return b.mtimeMs > a.mtimeMs ? b : a;
}

function newestSource(dir) {
  let newest = { path: `${dir}/`, mtimeMs: statSync(dir).mtimeMs };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = newer(newest, newestSource(path));
    else if (!entry.name.endsWith(".test.ts"))
      newest = newer(newest, { path, mtimeMs: statSync(path).mtimeMs });
  }
  return newest;
}

/** A message saying what to do, or null when dist/ is up to date. */
export function staleBuildProblem(rootUrl) {
  const root = fileURLToPath(rootUrl).replace(/\/+$/, "");
  let builtMs;
  try {
    builtMs = statSync(`${root}/${STAMP}`).mtimeMs;
  } catch {
    return "dist/ is not built; run `npm run build` (npm install does it), or `npm run dev -- <command>` to run from src/";
  }
  let newest = newestSource(`${root}/src`);
  for (const name of BUILD_SETTINGS) {
    try {
      newest = newer(newest, { path: `${root}/${name}`, mtimeMs: statSync(`${root}/${name}`).mtimeMs });
    } catch {
      // Not there: nothing to compare.
    }
  }
  if (newest.mtimeMs <= builtMs) return null;
  const file = newest.path.slice(root.length).replace(/^\/+/, "");
  return (
    `dist/ is older than ${file} (changed after the last build); run \`npm run build\`, ` +
    "or `npm run dev -- <command>` to run from src/"
  );
}
