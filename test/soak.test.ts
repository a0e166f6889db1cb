// A short soak in the test suite: random SIGKILLs of machines and the router during a live run
// (seeded), after which every message must be accounted for. `npm run soak` runs the long one.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSoak } from "../scripts/soak/runSoak.ts";

const SEED = 20261126;
const logDir = mkdtempSync(join(tmpdir(), "clocklab-soak-"));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

describe(`soak with random kills (seed ${SEED})`, () => {
  it("loses no message silently and leaves every log readable", async () => {
    const lines: string[] = [];
    const result = await runSoak({
      durationS: 12,
      machines: 4,
      seed: SEED,
      killEveryS: 1.5,
      logDir,
      log: (l) => lines.push(l),
    });
    const f = result.fates;
    const context = `seed ${SEED}\n${lines.join("\n")}\n${JSON.stringify(f, null, 2)}`;
    expect(result.kills.length, context).toBeGreaterThan(0);
    expect(f.unexplained, context).toBe(0);
    expect(f.messages, context).toBeGreaterThan(50);
    expect(f.received, context).toBeGreaterThan(0);
  }, 120_000);
});
