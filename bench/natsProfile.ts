// One system of the NATS throughput benchmark on its own, for profiling its process: starts a local
// 3-node cluster, measures `--system` (clocklab | raw) with `--kind` traffic for `--measure-s`
// seconds, prints the deliveries/s and CPU per delivery and stops the cluster. Run it under
// `node --cpu-prof --cpu-prof-dir DIR --import tsx bench/natsProfile.ts ...`, then
// `--summarize FILE.cpuprofile` lists the top self-time functions.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBenchCluster } from "./lib/natsCluster.ts";
import { measureOnce, type SystemName } from "./lib/natsThroughput.ts";
import { summarizeProfile } from "./lib/profileSummary.ts";
import type { MessageKind } from "./lib/relayHarness.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1]! : fallback;
};
const say = (text: string) => process.stdout.write(`${text}\n`);

const summarize = flag("summarize", "");
if (summarize !== "") {
  const { entries, idleShare } = summarizeProfile(summarize, Number(flag("top", "25")));
  say(`idle ${(idleShare * 100).toFixed(1)}% of samples; self time of the busy rest:`);
  for (const entry of entries) say(`${(entry.selfShare * 100).toFixed(1).padStart(5)}%  ${entry.name}`);
} else {
  const system: SystemName = flag("system", "clocklab") === "raw" ? "raw NATS clients" : "clocklab over NATS";
  const kind = flag("kind", "SEND_FIRST") as MessageKind;
  const workDir = mkdtempSync(join(tmpdir(), "clocklab-nats-profile-"));
  const bench = await startBenchCluster(join(workDir, "cluster"), 3, 3);
  try {
    const sample = await measureOnce(system, kind, {
      cluster: bench.cluster,
      serverPids: bench.pids,
      workDir,
      windowFrames: Number(flag("window", "1000")),
      warmupMs: Number(flag("warmup-s", "1")) * 1000,
      measureMs: Number(flag("measure-s", "5")) * 1000,
    });
    say(
      `${system} ${kind}: ${Math.round(sample.deliveriesPerSecond)} deliveries/s, ` +
        `machines ${(sample.machinesCpuSecondsPerDelivery * 1e6).toFixed(2)} CPU µs/delivery, ` +
        `relay ${(sample.relayCpuSecondsPerDelivery * 1e6).toFixed(2)} CPU µs/delivery`,
    );
  } finally {
    await bench.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}
