// Whether a checkout's dist/ is missing or older than its sources: the build writes dist/.built
// last, so any source file (tests aside) changed after that stamp means dist/ is stale. Costs a
// directory walk of src/ (about 1 ms); an installed package has no src/ and skips it.
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const STAMP = "dist/.built";

function newestSource(dir) {
  let newest = { path: null, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      const inner = newestSource(path);
      if (inner.mtimeMs > newest.mtimeMs) newest = inner;
    } else if (!entry.name.endsWith(".test.ts")) {
      const { mtimeMs } = statSync(path);
      if (mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
    }
  }
  return newest;
}

/** A message saying what to do, or null when dist/ is up to date. */
export function staleBuildProblem(rootUrl) {
  const root = fileURLToPath(rootUrl);
  let builtMs;
  try {
    builtMs = statSync(`${root}/${STAMP}`).mtimeMs;
  } catch {
    return "dist/ is not built; run `npm run build` (npm install does it), or `npm run dev -- <command>` to run from src/";
  }
  const newest = newestSource(`${root}/src`);
  if (newest.mtimeMs <= builtMs) return null;
  const file = newest.path.slice(root.length).replace(/^\/+/, "");
  return (
    `dist/ is older than ${file} (edited after the last build); run \`npm run build\`, ` +
    "or `npm run dev -- <command>` to run from src/"
  );
}
