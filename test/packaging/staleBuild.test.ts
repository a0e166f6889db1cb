// The staleness check behind bin/clocklab.js in a checkout (and `build --if-stale`): dist/ is stale
// when it is missing, or when a source file, a folder of src/ or a build setting changed after
// the build's stamp; test files do not count.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript without types (bin/ ships as is)
import { staleBuildProblem } from "../../bin/staleBuild.js";

const BUILT_S = 2_000_000_000;
let root: string;

function at(path: string, seconds: number): void {
  utimesSync(path, seconds, seconds);
}

function problem(): string | null {
  return staleBuildProblem(pathToFileURL(`${root}/`)) as string | null;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "clocklab-stale-"));
  mkdirSync(join(root, "src", "core"), { recursive: true });
  writeFileSync(join(root, "src", "core", "clock.ts"), "export {};\n");
  writeFileSync(join(root, "src", "core", "clock.test.ts"), "export {};\n");
  writeFileSync(join(root, "tsconfig.json"), "{}\n");
  mkdirSync(join(root, "dist"));
  writeFileSync(join(root, "dist", ".built"), "stamp\n");
  for (const path of ["src/core/clock.ts", "src/core/clock.test.ts", "src/core", "src", "tsconfig.json"]) {
    at(join(root, path), BUILT_S - 10);
  }
  at(join(root, "dist", ".built"), BUILT_S);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("staleBuildProblem", () => {
  it("accepts a dist/ built after every source", () => {
    expect(problem()).toBeNull();
  });

  it("refuses a dist/ that was never built", () => {
    rmSync(join(root, "dist"), { recursive: true });
    expect(problem()).toMatch(/^dist\/ is not built; run `npm run build`/);
  });

  it("names a source file changed after the build", () => {
    at(join(root, "src", "core", "clock.ts"), BUILT_S + 1);
    expect(problem()).toMatch(/^dist\/ is older than src\/core\/clock\.ts \(changed after the last build\)/);
  });

  it("names a folder whose entries changed (a file deleted or renamed)", () => {
    at(join(root, "src", "core"), BUILT_S + 1);
    expect(problem()).toMatch(/^dist\/ is older than src\/core\/ /);
  });

  it("names a changed build setting", () => {
    at(join(root, "tsconfig.json"), BUILT_S + 1);
    expect(problem()).toMatch(/^dist\/ is older than tsconfig\.json /);
  });

  it("ignores test files", () => {
    at(join(root, "src", "core", "clock.test.ts"), BUILT_S + 1);
    expect(problem()).toBeNull();
  });
});
