#!/usr/bin/env node
// Entry point: runs the compiled CLI in dist/. In a source checkout (src/ beside dist/) it first
// checks that dist/ was built after the last edit of src/, so edited code never runs silently old.
import { existsSync } from "node:fs";
import { staleBuildProblem } from "./staleBuild.js";

const root = new URL("../", import.meta.url);
if (existsSync(new URL("src/", root))) {
  const problem = staleBuildProblem(root);
  if (problem !== null) {
    process.stderr.write(`clocklab: ${problem}\n`);
    process.exit(2);
  }
}
await import("../dist/cli/main.js");
