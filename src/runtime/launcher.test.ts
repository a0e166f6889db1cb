// How the launcher groups machines into processes.
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { machineIds } from "../core/plan.ts";
import { groupMachines } from "./launcher.ts";

describe("groupMachines", () => {
  it("gives each machine its own process up to 16 machines", () => {
    expect(groupMachines(machineIds(3), 0)).toEqual([["m1"], ["m2"], ["m3"]]);
    expect(groupMachines(machineIds(16), 0)).toHaveLength(16);
  });

  it("groups larger runs into two processes per core, every machine exactly once", () => {
    const ids = machineIds(1000);
    const groups = groupMachines(ids, 0);
    expect(groups).toHaveLength(2 * availableParallelism());
    expect(groups.flat()).toEqual(ids);
  });

  it("honours an explicit number of machines per process", () => {
    const groups = groupMachines(machineIds(10), 4);
    expect(groups.map((g) => g.length)).toEqual([4, 4, 2]);
  });
});
