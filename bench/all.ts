// npm run bench: runs every benchmark that exists, each as a child process (bench:sim,
// bench:analyze, bench:router, bench:ticks, bench:scale, bench:startup, in that order, then any other
// bench/*.bench.ts), one after the other so they do not share the CPU. Each rewrites its own
// section of BENCHMARKS.md. Exits non-zero if any benchmark failed; later ones still run.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const ORDER = ["sim", "analyze", "router", "ticks", "scale", "startup"];
const dir = import.meta.dirname;
const present = readdirSync(dir).filter((name) => name.endsWith(".bench.ts"));
const names = [
  ...ORDER.map((name) => `${name}.bench.ts`).filter((file) => existsSync(join(dir, file))),
  ...present.filter((file) => !ORDER.includes(file.replace(/\.bench\.ts$/, ""))).sort(),
];

function runBench(file: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(dir, file)], {
      stdio: "inherit",
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal !== null ? 128 : null));
    });
  });
}

const results: Array<[string, number | null, number]> = [];
for (const file of names) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const startedMs = performance.now();
  const code = await runBench(file);
  results.push([file, code, (performance.now() - startedMs) / 1000]);
}
process.stdout.write("\n");
for (const [file, code, seconds] of results) {
  process.stdout.write(`${code === 0 ? "ok    " : "FAILED"} ${file} (${seconds.toFixed(0)} s)\n`);
}
if (results.some(([, code]) => code !== 0)) process.exitCode = 1;
