// One time-series chart (uPlot, canvas): a line per machine, or for many machines a min–max
// band with its median plus the standout machines; fault windows shaded and the diagram's
// stretch of time marked. Rebuilt only when its set of series changes, else just fed new data.
import uPlot from "uplot";

export interface ChartLine {
  label: string;
  colour: string;
  values: Array<number | null>;
  /** Band edges are drawn thin and filled between (first "upper", then "lower"). */
  role?: "upper" | "lower" | "median";
}

export interface ShadedSpan {
  fromS: number;
  toS: number;
  colour: string;
}

const HEIGHT = 170;

export class TimeChart {
  readonly #container: HTMLElement;
  readonly #yLabel: string;
  #plot: uPlot | null = null;
  #signature = "";
  #spans: ShadedSpan[] = [];

  constructor(container: HTMLElement, yLabel: string) {
    this.#container = container;
    this.#yLabel = yLabel;
  }

  #create(lines: ChartLine[]): uPlot {
    const series: uPlot.Series[] = [{ label: "t (s)" }];
    const bands: uPlot.Band[] = [];
    lines.forEach((line, i) => {
      const thin = line.role === "upper" || line.role === "lower";
      series.push({
        label: line.label,
        stroke: line.colour,
        width: thin ? 0.5 : line.role === "median" ? 2 : 1.4,
        points: { show: false },
        spanGaps: false,
      });
      if (line.role === "upper" && lines[i + 1]?.role === "lower") {
        bands.push({ series: [i + 1, i + 2], fill: "rgba(33,150,243,0.18)" });
      }
    });
    const options: uPlot.Options = {
      width: Math.max(300, this.#container.clientWidth),
      height: HEIGHT,
      series,
      bands,
      scales: { x: { time: false } },
      axes: [
        { label: "true time (s)", size: 36 },
        { label: this.#yLabel, size: 56 },
      ],
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      hooks: {
        drawClear: [(plot) => this.#shade(plot)],
      },
    };
    return new uPlot(options, [[]], this.#container);
  }

  #shade(plot: uPlot): void {
    const context = plot.ctx;
    const { top, height } = plot.bbox;
    for (const span of this.#spans) {
      const left = plot.valToPos(span.fromS, "x", true);
      const right = plot.valToPos(span.toS, "x", true);
      const from = Math.max(plot.bbox.left, Math.min(left, right));
      const to = Math.min(plot.bbox.left + plot.bbox.width, Math.max(left, right));
      if (to <= from) continue;
      context.fillStyle = span.colour;
      context.fillRect(from, top, Math.max(1, to - from), height);
    }
  }

  update(xsSeconds: number[], lines: ChartLine[], spans: ShadedSpan[]): void {
    const signature = lines.map((line) => `${line.label}|${line.colour}|${line.role ?? ""}`).join(";");
    if (this.#plot === null || signature !== this.#signature) {
      this.#plot?.destroy();
      this.#plot = this.#create(lines);
      this.#signature = signature;
    }
    this.#spans = spans;
    const width = Math.max(300, this.#container.clientWidth);
    if (this.#plot.width !== width) this.#plot.setSize({ width, height: HEIGHT });
    const data: uPlot.AlignedData = [xsSeconds, ...lines.map((line) => line.values)];
    this.#plot.setData(data);
  }
}
