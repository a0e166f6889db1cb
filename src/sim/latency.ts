// The latency model of one router hop in the simulated network (as Maelstrom offers): constant,
// uniform in [min, max], or exponential with a mean. Draws come from the run's seeded "network"
// stream, so a seed fixes every delay.
import type { ClocklabConfig } from "../core/config.ts";
import type { RandomSource } from "../core/random.ts";

export type LatencyConfig = ClocklabConfig["sim"]["latency"];

/** Returns the next hop's delay in ms (>= 0). */
export type LatencySampler = () => number;

export function createLatency(config: LatencyConfig, random: RandomSource): LatencySampler {
  switch (config.distribution) {
    case "constant": {
      const delayMs = config.meanMs;
      return () => delayMs;
    }
    case "uniform": {
      const { minMs } = config;
      const spanMs = config.maxMs - config.minMs;
      return () => minMs + spanMs * random.float();
    }
    case "exponential": {
      const { meanMs } = config;
      // 1 - u lies in (0, 1], so the logarithm is finite.
      return () => -meanMs * Math.log(1 - random.float());
    }
  }
}
