// Feeds the three charts from the sampled series: Lamport lag, queue length and HLC ahead. Up to
// MANY_MACHINES machines each gets a line; above that, a min–max band with its median and the
// few standout machines (furthest behind, longest queues, HLC furthest ahead).
import type { FaultWindow } from "../core/watch/protocol.ts";
import { machineColour } from "./palette.ts";
import type { Metric, SampleWindow } from "./sampleWindow.ts";
import { bandOf, type Column, lagColumns, standouts } from "./seriesMath.ts";
import { type ChartLine, type ShadedSpan, TimeChart } from "./timeChart.ts";

export const MANY_MACHINES = 16;
const STANDOUTS = 3;
/** At most one row per this many pixels of chart width is drawn (the rest are skipped). */
const PIXELS_PER_ROW = 2;

export interface ChartsInput {
  samples: SampleWindow;
  /** Held row indexes to show. */
  first: number;
  last: number;
  ids: ReadonlyArray<string>;
  faults: ReadonlyArray<FaultWindow>;
  /** The diagram's stretch of time, marked on the charts. */
  diagramFromMs: number;
  diagramToMs: number;
  originMs: number;
}

export class ChartsView {
  readonly #lag: TimeChart;
  readonly #queue: TimeChart;
  readonly #hlc: TimeChart;
  /** The machines furthest behind in the last update (for lanes above MANY_MACHINES). */
  lagStandouts: number[] = [];

  constructor(lag: HTMLElement, queue: HTMLElement, hlc: HTMLElement) {
    this.#lag = new TimeChart(lag, "lag");
    this.#queue = new TimeChart(queue, "messages");
    this.#hlc = new TimeChart(hlc, "ms");
  }

  update(input: ChartsInput, widthPx: number): void {
    const stride = Math.max(
      1,
      Math.ceil((input.last - input.first + 1) / Math.max(50, widthPx / PIXELS_PER_ROW)),
    );
    const indexes: number[] = [];
    for (let i = input.last; i >= input.first; i -= stride) indexes.push(i);
    indexes.reverse();
    const rows = indexes.length;
    const xs = indexes.map((i) => (input.samples.timeOf(i) - input.originMs) / 1000);
    const slice = (metric: Metric): Column[] =>
      input.samples.data[metric].map((column) => indexes.map((i) => column[i] ?? null));
    const seconds = (ms: number) => (ms - input.originMs) / 1000;
    const spans: ShadedSpan[] = input.faults.map((fault) => ({
      fromS: seconds(fault.startMs ?? input.samples.timeOf(input.first)),
      toS: seconds(fault.endMs ?? input.samples.timeOf(input.last)),
      colour: "rgba(244,67,54,0.12)",
    }));
    spans.push({
      fromS: seconds(input.diagramFromMs),
      toS: seconds(input.diagramToMs),
      colour: "rgba(0,0,0,0.05)",
    });
    const lag = lagColumns(slice("lamport"), rows);
    this.lagStandouts = standouts(lag, STANDOUTS, "lowest");
    this.#lag.update(xs, this.#lines(lag, rows, input.ids, this.lagStandouts), spans);
    const queue = slice("queueLength");
    this.#queue.update(
      xs,
      this.#lines(queue, rows, input.ids, standouts(queue, STANDOUTS, "highest")),
      spans,
    );
    const hlc = slice("hlcAheadMs");
    this.#hlc.update(xs, this.#lines(hlc, rows, input.ids, standouts(hlc, STANDOUTS, "highest")), spans);
  }

  #lines(columns: Column[], rows: number, ids: ReadonlyArray<string>, picked: number[]): ChartLine[] {
    const name = (machine: number) => ids[machine] ?? `#${machine}`;
    if (columns.length <= MANY_MACHINES) {
      return columns.map((values, machine) => ({
        label: name(machine),
        colour: machineColour(machine),
        values: values.slice(),
      }));
    }
    const band = bandOf(columns, rows);
    const lines: ChartLine[] = [
      { label: "max", colour: "rgba(33,150,243,0.6)", values: band.max, role: "upper" },
      { label: "min", colour: "rgba(33,150,243,0.6)", values: band.min, role: "lower" },
      { label: "median", colour: "#1565c0", values: band.median, role: "median" },
    ];
    picked.forEach((machine, i) => {
      lines.push({
        label: name(machine),
        colour: ["#d62728", "#ff7f0e", "#9467bd"][i] ?? "#444",
        values: columns[machine]!.slice(),
      });
    });
    return lines;
  }
}
