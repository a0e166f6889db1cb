// Progress of a long simulation on stderr: nothing for the first second (short runs stay quiet),
// then a cli-progress bar on a terminal, or a plain line every few seconds when stderr is a file
// or pipe. `--quiet` turns it off entirely.
import cliProgress from "cli-progress";
import type { SimulationProgress } from "../../sim/simulation.ts";

const SHOW_AFTER_MS = 1000;
const PLAIN_EVERY_MS = 5000;

export interface ProgressView {
  update(progress: SimulationProgress): void;
  stop(): void;
}

export function createProgressView(options: {
  quiet: boolean;
  stream?: NodeJS.WriteStream;
  nowMs?: () => number;
}): ProgressView {
  if (options.quiet) return { update() {}, stop() {} };
  const stream = options.stream ?? process.stderr;
  const nowMs = options.nowMs ?? (() => performance.now());
  return stream.isTTY ? new BarView(stream, nowMs) : new PlainView(stream, nowMs);
}

function virtualSeconds(progress: SimulationProgress): string {
  const done = Math.max(0, progress.virtualNowMs - progress.t0Ms) / 1000;
  const total = (progress.endAtMs - progress.t0Ms) / 1000;
  return `${done.toFixed(0)}/${total.toFixed(0)} virtual s`;
}

class BarView implements ProgressView {
  readonly #stream: NodeJS.WriteStream;
  readonly #nowMs: () => number;
  readonly #startedMs: number;
  #bar: InstanceType<typeof cliProgress.SingleBar> | null = null;

  constructor(stream: NodeJS.WriteStream, nowMs: () => number) {
    this.#stream = stream;
    this.#nowMs = nowMs;
    this.#startedMs = nowMs();
  }

  update(progress: SimulationProgress): void {
    const payload = { virtual: virtualSeconds(progress) };
    if (this.#bar === null) {
      if (this.#nowMs() - this.#startedMs < SHOW_AFTER_MS) return;
      this.#bar = new cliProgress.SingleBar(
        {
          stream: this.#stream,
          format: "simulate [{bar}] {percentage}% | {value}/{total} events | {virtual} | ETA {eta_formatted}",
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      this.#bar.start(progress.estimatedEvents, progress.events, payload);
      return;
    }
    this.#bar.update(progress.events, payload);
  }

  stop(): void {
    this.#bar?.stop();
  }
}

class PlainView implements ProgressView {
  readonly #stream: NodeJS.WriteStream;
  readonly #nowMs: () => number;
  #nextMs: number;

  constructor(stream: NodeJS.WriteStream, nowMs: () => number) {
    this.#stream = stream;
    this.#nowMs = nowMs;
    this.#nextMs = nowMs() + SHOW_AFTER_MS;
  }

  update(progress: SimulationProgress): void {
    const now = this.#nowMs();
    if (now < this.#nextMs) return;
    this.#nextMs = now + PLAIN_EVERY_MS;
    const percent = progress.estimatedEvents > 0 ? (100 * progress.events) / progress.estimatedEvents : 100;
    this.#stream.write(
      `simulate: ${percent.toFixed(0)}% (${progress.events}/${progress.estimatedEvents} events, ${virtualSeconds(progress)})\n`,
    );
  }

  stop(): void {}
}
