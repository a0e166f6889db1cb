// Rules between keys that a per-key schema cannot say (speedMin <= speedMax, one speed per
// machine, ...). Each names every key involved, so an error can blame whichever the user set.
import type { ConfigProblem } from "./problems.ts";
import type { ClocklabConfig } from "./schema.ts";

type Conflict = Extract<ConfigProblem, { kind: "conflict" }>;

const conflict = (paths: string[], message: string): Conflict => ({
  kind: "conflict",
  paths: paths.map((path) => path.split(".")),
  message,
});

export function crossKeyConflicts(config: ClocklabConfig): Conflict[] {
  const conflicts: Conflict[] = [];
  const { machine, run, sim } = config;
  if (machine.speedMin > machine.speedMax) {
    conflicts.push(
      conflict(
        ["machine.speedMin", "machine.speedMax"],
        `machine.speedMin ${machine.speedMin} is above machine.speedMax ${machine.speedMax}`,
      ),
    );
  }
  if (machine.speeds !== null && machine.speeds.length !== run.machines) {
    conflicts.push(
      conflict(
        ["machine.speeds", "run.machines"],
        `machine.speeds has ${machine.speeds.length} entries; expected one per machine (run.machines ${run.machines})`,
      ),
    );
  }
  const a = machine.actions;
  if (a.sendFirst + a.sendSecond + a.broadcast + a.direct + a.internal === 0) {
    conflicts.push(
      conflict(
        ["machine.actions"],
        "machine.actions: all weights are 0; expected at least one face on the die",
      ),
    );
  }
  if (sim.latency.minMs > sim.latency.maxMs) {
    conflicts.push(
      conflict(
        ["sim.latency.minMs", "sim.latency.maxMs"],
        `sim.latency.minMs ${sim.latency.minMs} is above sim.latency.maxMs ${sim.latency.maxMs}`,
      ),
    );
  }
  return conflicts;
}

/** The same rules as [first key, message] pairs. */
export function crossKeyProblems(config: ClocklabConfig): Array<[string, string]> {
  return crossKeyConflicts(config).map((c) => [c.paths[0]!.join("."), c.message]);
}
