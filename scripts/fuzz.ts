// `npm run fuzz -- --cases 100000 [--seed N] [--concurrency 20] [--case I,J]`: fuzzes the real router
// process with seeded malformed input while three good machines talk, then prints a summary.
// Exits 1 on a crash, a stall, a lost good message or an unexpected answer.
import { parseArgs } from "node:util";
import { formatSummary } from "../test/fuzz/formatSummary.ts";
import { runFuzz } from "../test/fuzz/runFuzz.ts";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "10000" },
    seed: { type: "string" },
    concurrency: { type: "string", default: "20" },
    case: { type: "string" },
  },
});

function wholeNumber(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    process.stderr.write(`fuzz: --${name} ${text}: expected a whole number >= 0\n`);
    process.exit(2);
  }
  return value;
}

const seed = values.seed !== undefined ? wholeNumber("seed", values.seed) : Date.now() % 0x7fffffff;
const cases = wholeNumber("cases", values.cases);
const only = values.case?.split(",").map((text) => wholeNumber("case", text.trim()));
process.stdout.write(`fuzz: seed ${seed} (rerun with --seed ${seed}), ${only?.length ?? cases} cases\n`);

let lastReport = 0;
const summary = await runFuzz({
  seed,
  cases,
  concurrency: wholeNumber("concurrency", values.concurrency),
  caseTimeoutMs: 10_000,
  ...(only !== undefined ? { only } : {}),
  onProgress: (done, total) => {
    if (performance.now() - lastReport < 2000 && done !== total) return;
    lastReport = performance.now();
    process.stdout.write(`fuzz: ${done}/${total} cases\n`);
  },
});
process.stdout.write(formatSummary(summary));
const failed =
  summary.crashes > 0 ||
  summary.stalls > 0 ||
  summary.mismatches.length > 0 ||
  summary.good.problems.length > 0 ||
  summary.good.delivered !== summary.good.sent;
process.exitCode = failed ? 1 : 0;
