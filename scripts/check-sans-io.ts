// Lint step for what Biome's rules cannot express: src/core and src/sim must not draw randomness
// from Math.random (randomness is an argument, seeded from the run's seed) or read the wall clock.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const PURE_DIRS = ["src/core", "src/sim"];
const FORBIDDEN = [/\bMath\.random\s*\(/, /\bcrypto\.getRandomValues\s*\(/, /\bnew\s+Date\s*\(/];

function listSourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listSourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

const violations: string[] = [];
for (const file of PURE_DIRS.flatMap(listSourceFiles)) {
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, index) => {
      for (const pattern of FORBIDDEN) {
        if (pattern.test(line)) violations.push(`${file}:${index + 1}: ${line.trim()}`);
      }
    });
}
if (violations.length > 0) {
  console.error("sans-IO violation: randomness and time must be arguments in src/core and src/sim");
  for (const v of violations) console.error(`  ${v}`);
  process.exit(1);
}
