// `npm run soak -- --duration 600`: the live system under random kills and restarts of machines
// and the router; prints how every message ended and fails if any was lost silently.
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { runSoak } from "./soak/runSoak.ts";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "60" },
    machines: { type: "string", default: "8" },
    seed: { type: "string" },
    "kill-every": { type: "string", default: "4" },
    "log-dir": { type: "string", default: "logs" },
  },
});
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const durationS = Number(values.duration);
const machines = Number(values.machines);
const killEveryS = Number(values["kill-every"]);
if (!(durationS >= 10) || !(machines >= 2) || !(killEveryS > 0) || !Number.isInteger(seed)) {
  console.error("soak: expected --duration >= 10, --machines >= 2, --kill-every > 0, --seed a whole number");
  process.exit(2);
}
mkdirSync(values["log-dir"], { recursive: true });
console.log(`soak: ${machines} machines for ${durationS} s, a kill every ~${killEveryS} s, seed ${seed}`);
const result = await runSoak({
  durationS,
  machines,
  seed,
  killEveryS,
  logDir: values["log-dir"],
  log: console.log,
});
const f = result.fates;
const killsOf = (router: boolean) => result.kills.filter((k) => (k.target === "router") === router).length;
console.log(`
soak finished: ${result.runDir}
  kills                     ${result.kills.length} (${killsOf(false)} machines, ${killsOf(true)} router)
  log lines read            ${f.logLines} (${f.unparsableLines} cut by a kill)
  messages sent             ${f.messages} (${f.deliveriesAsked} deliveries asked for)
  received                  ${f.received}
  queued at the end         ${f.queuedAtEnd}
  dropped (recorded)        ${JSON.stringify(f.dropped)}
  failed: router down       ${f.failedRouterDown}
  in a killed machine's queue   ${f.inKilledMachineQueue}
  in flight at a router kill    ${f.inFlightAtRouterKill}
  unsent by a killed sender     ${f.unsentByKilledSender}
  UNEXPLAINED (lost)        ${f.unexplained}
  router peak RSS           ${(result.routerPeakRssKb / 1024).toFixed(1)} MB
  seed                      ${seed}`);
for (const example of f.unexplainedExamples) console.log(`  unexplained: ${example}`);
process.exitCode = f.unexplained > 0 ? 1 : 0;
