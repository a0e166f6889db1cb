// Writes a synthetic clocklab run directory for benchmarks by driving the core Machine and Router
// in a plain loop (no sockets, no simulator): each step the machine with the earliest next tick
// (absolute schedule t0 + k / speed) ticks; its sends go through the Router and are delivered at once.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { D10_WEIGHTS } from "../src/core/actions.ts";
import { Machine } from "../src/core/machine.ts";
import { machineIds, machineRandom } from "../src/core/plan.ts";
import { Router } from "../src/core/router.ts";
import type { Delivery } from "../src/core/types.ts";

export interface GenerateOptions {
  dir: string;
  events: number;
  speeds: number[];
  seed: number;
  vectorClocks: boolean;
}

class BufferedFile {
  readonly #fd: number;
  #pending: string[] = [];
  #size = 0;
  constructor(path: string) {
    this.#fd = openSync(path, "w");
  }
  write(line: string): void {
    this.#pending.push(line);
    this.#size += line.length;
    if (this.#size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.#pending.length > 0) writeSync(this.#fd, this.#pending.join(""));
    this.#pending = [];
    this.#size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.#fd);
  }
}

export function generateRun(options: GenerateOptions): void {
  const { dir, speeds, seed } = options;
  mkdirSync(dir, { recursive: true });
  const ids = machineIds(speeds.length);
  const t0 = 0;
  const router = new Router({ runId: "bench", seed, expectedMachines: ids.length, startDelayMs: 0 });
  const routerLog = new BufferedFile(join(dir, "router.jsonl"));
  const logRouter = (effects: ReturnType<Router["receive"]>, deliver: boolean) => {
    for (const effect of effects) {
      if (effect.type === "log") routerLog.write(`${JSON.stringify(effect.entry)}\n`);
      else if (deliver && effect.type === "send" && effect.frame.type === "deliver") {
        const { type: _type, ...delivery } = effect.frame;
        machines[effect.connection]!.deliver(delivery as Delivery);
      }
    }
  };
  const machines = ids.map(
    (id) =>
      new Machine({
        id,
        members: ids,
        actions: D10_WEIGHTS,
        random: machineRandom(seed, id),
        physicalClock: { offsetMs: 0, driftPpm: 0 },
        vectorClocks: options.vectorClocks,
      }),
  );
  ids.forEach((id, connection) => {
    router.connect(connection);
    logRouter(router.receive(connection, { type: "hello", protocol: 1, id }, t0), false);
  });
  const files = ids.map((id) => new BufferedFile(join(dir, `${id}.jsonl`)));
  const ticks = ids.map(() => 0);
  for (let n = 0; n < options.events; n++) {
    let next = 0;
    let nextTime = Number.POSITIVE_INFINITY;
    for (let i = 0; i < machines.length; i++) {
      const time = t0 + ((ticks[i]! + 1) * 1000) / speeds[i]!;
      if (time < nextTime) {
        nextTime = time;
        next = i;
      }
    }
    ticks[next]!++;
    const outcome = machines[next]!.tick(nextTime);
    files[next]!.write(`${JSON.stringify(outcome.event)}\n`);
    if (outcome.send) logRouter(router.route(ids[next]!, outcome.send, nextTime), true);
  }
  for (const file of files) file.close();
  routerLog.close();
  const info = {
    format: "clocklab-run",
    formatVersion: 1,
    runId: "bench",
    mode: "sim",
    seed,
    machines: ids.map((id, i) => ({ id, ticksPerSecond: speeds[i], clock: { offsetMs: 0, driftPpm: 0 } })),
    t0,
    status: "completed",
    endReason: "bench generator",
  };
  writeFileSync(join(dir, "run.json"), `${JSON.stringify(info, null, 2)}\n`);
}
