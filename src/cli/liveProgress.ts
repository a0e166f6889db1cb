// The live progress display of `npm start`: elapsed/total and, per machine, its speed, ticks,
// Lamport value and queue length. Redraws in place on a terminal; prints plain lines otherwise.
import type { MachineStatus } from "../runtime/machineClient.ts";

export interface ProgressSnapshot {
  elapsedS: number;
  totalS: number;
  phase: string;
  machines: MachineStatus[];
  routed: number;
  dropped: number;
}

export class LiveProgress {
  readonly #out: NodeJS.WriteStream;
  readonly #tty: boolean;
  #linesDrawn = 0;

  constructor(out: NodeJS.WriteStream = process.stdout) {
    this.#out = out;
    this.#tty = out.isTTY === true;
  }

  render(snapshot: ProgressSnapshot): void {
    if (this.#tty) {
      const lines = renderTable(snapshot);
      this.#clear();
      this.#out.write(`${lines.join("\n")}\n`);
      this.#linesDrawn = lines.length;
    } else {
      this.#out.write(`${renderLine(snapshot)}\n`);
    }
  }

  /** Prints a message above the display without garbling it (to stderr for `warning`s). */
  notice(text: string, stream: NodeJS.WriteStream = this.#out): void {
    this.#clear();
    stream.write(`${text}\n`);
    this.#linesDrawn = 0;
  }

  /** Leaves the last drawing on screen and stops redrawing over it. */
  done(): void {
    this.#linesDrawn = 0;
  }

  #clear(): void {
    if (this.#tty && this.#linesDrawn > 0) this.#out.write(`\x1b[${this.#linesDrawn}F\x1b[J`);
  }
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

export function renderTable(s: ProgressSnapshot): string[] {
  const lines = [
    `${bar(s.elapsedS / s.totalS, 30)} ${s.elapsedS.toFixed(1)} / ${s.totalS} s  ${s.phase}  ` +
      `routed ${s.routed}  dropped ${s.dropped}`,
    `  machine  speed/s   ticks  lamport  queue  state`,
  ];
  const shown = s.machines.slice(0, 20);
  for (const m of shown) {
    lines.push(
      `  ${m.id.padEnd(7)} ${String(m.ticksPerSecond ?? "-").padStart(7)} ${String(m.ticks).padStart(7)} ` +
        `${String(m.lamport).padStart(8)} ${String(m.queueLength).padStart(6)}  ${m.state}`,
    );
  }
  if (s.machines.length > shown.length)
    lines.push(`  ... and ${s.machines.length - shown.length} more machines`);
  return lines;
}

export function renderLine(s: ProgressSnapshot): string {
  const machines = s.machines
    .slice(0, 10)
    .map((m) => `${m.id} ${m.ticksPerSecond ?? "-"}/s t=${m.ticks} L=${m.lamport} q=${m.queueLength}`)
    .join(" | ");
  const more = s.machines.length > 10 ? ` | +${s.machines.length - 10} more` : "";
  return `[${s.elapsedS.toFixed(1)}/${s.totalS} s ${s.phase}] ${machines}${more}`;
}
