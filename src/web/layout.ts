// The run page's skeleton: status line, controls (pause/follow, scrub, spans, lanes), the
// diagram with the event panel beside it, message fates, and the three charts.
import { element } from "./dom.ts";

export interface RunLayout {
  status: HTMLElement;
  follow: HTMLButtonElement;
  scrub: HTMLInputElement;
  position: HTMLElement;
  diagramSpan: HTMLSelectElement;
  chartSpan: HTMLSelectElement;
  lanesInput: HTMLInputElement;
  lanesApply: HTMLButtonElement;
  lanesStandouts: HTMLButtonElement;
  lanesBox: HTMLElement;
  canvas: HTMLCanvasElement;
  diagramNote: HTMLElement;
  panel: HTMLElement;
  fates: HTMLElement;
  lagChart: HTMLElement;
  queueChart: HTMLElement;
  hlcChart: HTMLElement;
  chartNote: HTMLElement;
}

function select(options: Array<[string, string]>, selected: string, label: string): HTMLSelectElement {
  const node = element("select");
  node.setAttribute("aria-label", label);
  for (const [value, text] of options) {
    const option = element("option", { text });
    option.value = value;
    if (value === selected) option.selected = true;
    node.append(option);
  }
  return node;
}

function chartBox(title: string, explanation: string): { box: HTMLElement; target: HTMLElement } {
  const target = element("div");
  const box = element("section", { className: "chart" }, [
    element("h2", { text: title }),
    element("p", { text: explanation }),
    target,
  ]);
  return { box, target };
}

export function buildRunLayout(root: HTMLElement): RunLayout {
  const status = element("div", { className: "status" });
  const follow = element("button", { text: "Pause" });
  follow.id = "follow";
  const scrub = element("input");
  scrub.type = "range";
  scrub.id = "scrub";
  scrub.min = "0";
  scrub.max = "0";
  scrub.step = "any";
  scrub.setAttribute("aria-label", "scrub through the run");
  const position = element("span", { className: "note" });
  const diagramSpan = select(
    [
      ["2000", "2 s"],
      ["5000", "5 s"],
      ["10000", "10 s"],
      ["20000", "20 s"],
      ["30000", "30 s"],
    ],
    "10000",
    "diagram span",
  );
  const chartSpan = select(
    [
      ["60000", "1 min"],
      ["300000", "5 min"],
      ["1800000", "30 min"],
      ["all", "whole run"],
    ],
    "300000",
    "chart span",
  );
  const lanesInput = element("input");
  lanesInput.type = "text";
  lanesInput.placeholder = "e.g. m1,m7,m42";
  lanesInput.setAttribute("aria-label", "machines with a lane");
  const lanesApply = element("button", { text: "Show lanes" });
  const lanesStandouts = element("button", { text: "Standouts" });
  const lanesBox = element("span", {}, [
    element("label", { text: "lanes " }),
    lanesInput,
    lanesApply,
    lanesStandouts,
  ]);
  lanesBox.hidden = true;
  const controls = element("div", { className: "controls" }, [
    follow,
    scrub,
    position,
    element("label", { text: "diagram " }),
    diagramSpan,
    element("label", { text: "charts " }),
    chartSpan,
    lanesBox,
  ]);
  const canvas = element("canvas");
  canvas.id = "diagram";
  const diagramNote = element("p", { className: "note" });
  const keys = element("p", { className: "legend-keys" }, [
    element("span", { text: "dots: SEND (blue), RECEIVE (green), INTERNAL (grey); +k: a Lamport jump of k" }),
    element("span", { className: "key-past", text: "● causal past" }),
    element("span", { className: "key-future", text: "● causal future" }),
    element("span", { className: "key-concurrent", text: "○ concurrent" }),
  ]);
  const panel = element("aside", { className: "side" });
  panel.id = "event-panel";
  const fates = element("div");
  fates.id = "fates";
  const side = element("div", {}, [
    panel,
    element("section", { className: "side" }, [element("h3", { text: "Message fates so far" }), fates]),
  ]);
  const layout = element("div", { className: "layout" }, [
    element("div", {}, [element("div", { className: "diagram-box" }, [canvas]), keys, diagramNote]),
    side,
  ]);
  const lag = chartBox(
    "Lamport lag",
    "Each machine's Lamport value minus the largest value across machines at that instant: 0 is the leader; a line drifting down is a machine falling behind.",
  );
  const queue = chartBox(
    "Queue length",
    "Messages waiting in each machine's receive queue after each event.",
  );
  const hlc = chartBox(
    "HLC ahead of physical time",
    "hlc.wall − floor(systemTime), ms: how far the hybrid clock runs ahead of the machine's own clock.",
  );
  const chartNote = element("p", { className: "note" });
  const charts = element("div", { className: "charts" }, [lag.box, queue.box, hlc.box]);
  root.append(element("h1", { text: "clocklab watch" }), status, controls, layout, chartNote, charts);
  return {
    status,
    follow,
    scrub,
    position,
    diagramSpan,
    chartSpan,
    lanesInput,
    lanesApply,
    lanesStandouts,
    lanesBox,
    canvas,
    diagramNote,
    panel,
    fates,
    lagChart: lag.target,
    queueChart: queue.target,
    hlcChart: hlc.target,
    chartNote,
  };
}
