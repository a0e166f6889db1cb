import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// Most of the suite's time is spent waiting on real processes (routers, machines, nats-server,
// Chromium) and their timers, not on the CPU; vitest's default of one worker less than the cores
// would run it file by file on a 2-core machine. Two workers per core keeps the cores busy.
const WORKERS_PER_CORE = 2;

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: Math.max(2, availableParallelism() * WORKERS_PER_CORE),
  },
});
