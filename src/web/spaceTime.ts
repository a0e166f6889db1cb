// The space-time diagram on a canvas: one lane per machine shown, true time running left to
// right, a dot per event (SEND, RECEIVE, INTERNAL), an arrow per message from its SEND to its
// RECEIVE, each Lamport jump labelled with its size (+k), fault windows shaded, and the causal
// highlight of a selected event. Remembers where it drew each event, for clicks and the tests.
import type { FaultWindow } from "../core/watch/protocol.ts";
import { type EventWindow, eventKey, type ViewEvent } from "./eventWindow.ts";
import { CAUSAL, EVENT_COLOURS, FAULT_FILL, FAULT_TARGET_FILL } from "./palette.ts";

/** A selected event and its causal past and future, by event key (see eventKey). */
export interface Highlight {
  selectedKey: number;
  past: ReadonlySet<number>;
  future: ReadonlySet<number>;
}

export interface DiagramInput {
  window: EventWindow;
  /** Machine indexes, top to bottom. */
  lanes: number[];
  ids: ReadonlyArray<string>;
  /** Configured ticks per second by machine id, shown beside the lane's name. */
  speeds: Readonly<Record<string, number>>;
  startMs: number;
  endMs: number;
  originMs: number;
  faults: ReadonlyArray<FaultWindow>;
  highlight: Highlight | null;
}

const LABEL_WIDTH = 72;
const AXIS_HEIGHT = 22;
const TOP_MARGIN = 14;
const MIN_LANE = 16;
const MAX_LANE = 64;
const HIT_RADIUS = 8;
const LABEL_GAP = 22;

export class SpaceTimeDiagram {
  readonly canvas: HTMLCanvasElement;
  readonly #context: CanvasRenderingContext2D;
  /** The events drawn by the last frame; each carries where (drawnX, drawnY) and in which frame. */
  #drawn: ViewEvent[] = [];
  #frame = 0;
  /** Called once for each event the first time it is drawn. */
  onFirstDrawn: ((event: ViewEvent) => void) | null = null;

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
    const context = canvas.getContext("2d");
    if (context === null) throw new Error("no 2D canvas");
    this.#context = context;
  }

  #laneHeight(lanes: number, availableHeight: number): number {
    return Math.max(MIN_LANE, Math.min(MAX_LANE, Math.floor(availableHeight / Math.max(1, lanes))));
  }

  draw(input: DiagramInput): void {
    const width = Math.max(200, this.canvas.clientWidth);
    const laneHeight = this.#laneHeight(input.lanes.length, 480);
    const height = TOP_MARGIN + laneHeight * input.lanes.length + AXIS_HEIGHT;
    const ratio = window.devicePixelRatio || 1;
    if (
      this.canvas.width !== Math.round(width * ratio) ||
      this.canvas.height !== Math.round(height * ratio)
    ) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.height = `${height}px`;
    }
    const c = this.#context;
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    c.clearRect(0, 0, width, height);
    const plotWidth = width - LABEL_WIDTH - 8;
    const span = Math.max(1, input.endMs - input.startMs);
    const x = (t: number) => LABEL_WIDTH + ((t - input.startMs) / span) * plotWidth;
    const laneOf = new Map<number, number>();
    input.lanes.forEach((machine, row) => {
      laneOf.set(machine, row);
    });
    const y = (row: number) => TOP_MARGIN + row * laneHeight + laneHeight / 2;
    const bottom = TOP_MARGIN + laneHeight * input.lanes.length;

    this.#drawFaults(input, x, laneOf, laneHeight, bottom);
    this.#drawLanes(input, y, width, laneHeight);
    this.#drawAxis(input, x, bottom, plotWidth);

    c.save();
    c.beginPath();
    c.rect(LABEL_WIDTH, 0, plotWidth, bottom);
    c.clip();
    const frame = ++this.#frame;
    const visible: ViewEvent[] = [];
    for (const machine of input.lanes) {
      const lane = input.window.lanes[machine] ?? [];
      const first = input.window.firstAtOrAfter(lane, input.startMs);
      for (let i = first; i < lane.length && lane[i]!.t <= input.endMs; i++) visible.push(lane[i]!);
    }
    for (const event of visible) {
      event.drawnX = x(event.t);
      event.drawnY = y(laneOf.get(event.m)!);
      event.drawnFrame = frame;
    }
    this.#drawn = visible;
    this.#drawArrows(input, visible, x, y, laneOf, laneHeight);
    this.#drawEvents(input, visible, laneOf);
    c.restore();
    for (const event of visible) {
      if (event.drawnFirst === undefined) {
        event.drawnFirst = true;
        this.onFirstDrawn?.(event);
      }
    }
  }

  #drawFaults(
    input: DiagramInput,
    x: (t: number) => number,
    laneOf: Map<number, number>,
    laneHeight: number,
    bottom: number,
  ): void {
    const c = this.#context;
    const index = new Map(input.ids.map((id, i) => [id, i]));
    for (const fault of input.faults) {
      const start = fault.startMs ?? input.startMs;
      const end = fault.endMs ?? input.endMs;
      if (end < input.startMs || start > input.endMs) continue;
      const left = Math.max(LABEL_WIDTH, x(start));
      const right = Math.min(x(input.endMs), x(end));
      if (right <= left) continue;
      c.fillStyle = FAULT_FILL;
      c.fillRect(left, TOP_MARGIN, right - left, bottom - TOP_MARGIN);
      c.fillStyle = FAULT_TARGET_FILL;
      for (const target of fault.targets) {
        const row = laneOf.get(index.get(target) ?? -1);
        if (row !== undefined) c.fillRect(left, TOP_MARGIN + row * laneHeight, right - left, laneHeight);
      }
      c.fillStyle = "#b71c1c";
      c.font = "10px sans-serif";
      c.fillText(fault.kind.slice(0, 24), left + 2, TOP_MARGIN - 3);
    }
  }

  #drawLanes(input: DiagramInput, y: (row: number) => number, width: number, laneHeight: number): void {
    const c = this.#context;
    c.font = "12px sans-serif";
    c.textBaseline = "middle";
    input.lanes.forEach((machine, row) => {
      c.strokeStyle = "#e0e0e0";
      c.lineWidth = 1;
      c.beginPath();
      c.moveTo(LABEL_WIDTH, y(row));
      c.lineTo(width - 8, y(row));
      c.stroke();
      c.fillStyle = "#333";
      const id = input.ids[machine] ?? `#${machine}`;
      const speed = input.speeds[id];
      if (speed === undefined) {
        c.fillText(id.slice(0, 10), 6, y(row));
      } else if (laneHeight >= 28) {
        c.fillText(id.slice(0, 8), 6, y(row) - 6);
        c.fillStyle = "#888";
        c.font = "10px sans-serif";
        c.fillText(`${speed}/s`, 6, y(row) + 7);
        c.font = "12px sans-serif";
      } else {
        c.fillText(`${id.slice(0, 6)} ${speed}/s`, 6, y(row));
      }
    });
    c.textBaseline = "alphabetic";
  }

  #drawAxis(input: DiagramInput, x: (t: number) => number, bottom: number, plotWidth: number): void {
    const c = this.#context;
    const spanS = (input.endMs - input.startMs) / 1000;
    const steps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];
    const stepS = steps.find((step) => (spanS / step) * 70 <= plotWidth) ?? 600;
    const firstS = Math.ceil((input.startMs - input.originMs) / 1000 / stepS) * stepS;
    c.fillStyle = "#555";
    c.strokeStyle = "#bbb";
    c.font = "11px sans-serif";
    for (let s = firstS; input.originMs + s * 1000 <= input.endMs; s += stepS) {
      const px = x(input.originMs + s * 1000);
      c.beginPath();
      c.moveTo(px, bottom);
      c.lineTo(px, bottom + 4);
      c.stroke();
      c.fillText(`${Number(s.toFixed(1))} s`, px - 10, bottom + 16);
    }
  }

  #drawArrows(
    input: DiagramInput,
    visible: ViewEvent[],
    x: (t: number) => number,
    y: (row: number) => number,
    laneOf: Map<number, number>,
    laneHeight: number,
  ): void {
    const highlight = input.highlight;
    const plain = highlight === null ? "rgba(90,90,90,0.45)" : CAUSAL.dimmed;
    // One path per colour: thousands of arrows cost a few canvas calls, not thousands.
    const paths = new Map<string, Path2D>();
    const heads = new Map<string, Path2D>();
    const pathOf = (map: Map<string, Path2D>, colour: string) => {
      let path = map.get(colour);
      if (path === undefined) {
        path = new Path2D();
        map.set(colour, path);
      }
      return path;
    };
    const colourOf = (a: ViewEvent, b: ViewEvent): string => {
      if (highlight === null) return plain;
      const keyA = eventKey(a);
      const keyB = eventKey(b);
      const inPast = (key: number) => key === highlight.selectedKey || highlight.past.has(key);
      const inFuture = (key: number) => key === highlight.selectedKey || highlight.future.has(key);
      if (inPast(keyA) && inPast(keyB)) return CAUSAL.past;
      if (inFuture(keyA) && inFuture(keyB)) return CAUSAL.future;
      return plain;
    };
    const line = (send: ViewEvent, receive: ViewEvent) => {
      const fromRow = laneOf.get(send.m);
      const toRow = laneOf.get(receive.m);
      if (fromRow === undefined || toRow === undefined) return;
      const x1 = x(send.t);
      const y1 = y(fromRow);
      const x2 = x(receive.t);
      const y2 = y(toRow);
      const colour = colourOf(send, receive);
      const path = pathOf(paths, colour);
      path.moveTo(x1, y1);
      path.lineTo(x2, y2);
      const angle = Math.atan2(y2 - y1, x2 - x1);
      const head = pathOf(heads, colour);
      head.moveTo(x2, y2);
      head.lineTo(x2 - 6 * Math.cos(angle - 0.4), y2 - 6 * Math.sin(angle - 0.4));
      head.lineTo(x2 - 6 * Math.cos(angle + 0.4), y2 - 6 * Math.sin(angle + 0.4));
      head.closePath();
    };
    const stubs = new Path2D();
    for (const event of visible) {
      if (event.msgId === undefined) continue;
      if (event.kind === "RECEIVE") {
        const send = input.window.sendOf(event.msgId);
        if (send !== undefined) line(send, event);
      } else if (event.kind === "SEND") {
        for (const receive of input.window.receivesOf(event.msgId))
          if (receive.t > input.endMs) line(event, receive);
        // Messages to machines without a lane: a short stub says an arrow leaves the lanes shown.
        if ((event.to ?? []).some((to) => !laneOf.has(to))) {
          stubs.moveTo(event.drawnX!, event.drawnY!);
          stubs.lineTo(event.drawnX! + 5, event.drawnY! + laneHeight * 0.35);
        }
      }
    }
    const c = this.#context;
    c.lineWidth = 1;
    c.strokeStyle = "rgba(90,90,90,0.35)";
    c.stroke(stubs);
    // Plain arrows first, the causal path on top.
    const order = [...paths.keys()].sort((a, b) => Number(b === plain) - Number(a === plain));
    for (const colour of order) {
      c.strokeStyle = colour;
      c.fillStyle = colour;
      c.lineWidth = colour === plain ? 1 : 1.8;
      c.stroke(paths.get(colour)!);
      c.fill(heads.get(colour)!);
    }
  }

  #drawEvents(input: DiagramInput, visible: ViewEvent[], laneOf: Map<number, number>): void {
    const c = this.#context;
    const highlight = input.highlight;
    const dense = highlight === null && visible.length / Math.max(1, input.lanes.length) > 250;
    const dots = new Map<string, Path2D>();
    const rings = new Path2D();
    const crosses = new Path2D();
    const labels: Array<{ text: string; x: number; y: number }> = [];
    const lastLabelX = new Map<number, number>();
    for (const event of visible) {
      const x = event.drawnX!;
      const y = event.drawnY!;
      let colour = EVENT_COLOURS[event.kind];
      let radius = event.kind === "INTERNAL" ? 2.5 : 3.5;
      let concurrent = false;
      if (highlight !== null) {
        const key = eventKey(event);
        if (key === highlight.selectedKey) {
          colour = CAUSAL.selected;
          radius = 6;
        } else if (highlight.past.has(key)) {
          colour = CAUSAL.past;
          radius += 1;
        } else if (highlight.future.has(key)) {
          colour = CAUSAL.future;
          radius += 1;
        } else {
          colour = CAUSAL.dimmed;
          concurrent = true;
        }
      }
      let path = dots.get(colour);
      if (path === undefined) {
        path = new Path2D();
        dots.set(colour, path);
      }
      if (dense) {
        path.rect(x - 1.5, y - 1.5, 3, 3);
      } else {
        path.moveTo(x + radius, y);
        path.arc(x, y, radius, 0, Math.PI * 2);
      }
      if (concurrent) {
        // Concurrent with the selected event: a ring.
        rings.moveTo(x + radius + 2, y);
        rings.arc(x, y, radius + 2, 0, Math.PI * 2);
      }
      if (event.failed !== undefined) {
        crosses.moveTo(x - 4, y - 4);
        crosses.lineTo(x + 4, y + 4);
        crosses.moveTo(x + 4, y - 4);
        crosses.lineTo(x - 4, y + 4);
      }
      if (event.jump !== undefined && event.jump > 1) {
        const row = laneOf.get(event.m)!;
        if (x - (lastLabelX.get(row) ?? Number.NEGATIVE_INFINITY) >= LABEL_GAP) {
          lastLabelX.set(row, x);
          labels.push({ text: `+${event.jump}`, x: x - 6, y: y - 6 });
        }
      }
    }
    for (const [colour, path] of dots) {
      c.fillStyle = colour;
      c.fill(path);
    }
    c.strokeStyle = CAUSAL.concurrent;
    c.lineWidth = 1.2;
    c.stroke(rings);
    c.strokeStyle = "#c62828";
    c.lineWidth = 1.5;
    c.stroke(crosses);
    c.font = "10px sans-serif";
    c.fillStyle = "#6a1b9a";
    for (const label of labels) c.fillText(label.text, label.x, label.y);
  }

  /** The event drawn nearest to a point (client coordinates), within a few pixels. */
  hit(clientX: number, clientY: number): ViewEvent | null {
    const rect = this.canvas.getBoundingClientRect();
    const px = clientX - rect.left;
    const py = clientY - rect.top;
    let best: ViewEvent | null = null;
    let bestDistance = HIT_RADIUS * HIT_RADIUS;
    for (const event of this.#drawn) {
      const distance = (event.drawnX! - px) ** 2 + (event.drawnY! - py) ** 2;
      if (distance <= bestDistance) {
        best = event;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Where the event was drawn last (client coordinates), or null if it was not. */
  positionOf(event: ViewEvent): { x: number; y: number } | null {
    if (event.drawnFrame !== this.#frame) return null;
    const rect = this.canvas.getBoundingClientRect();
    return { x: rect.left + event.drawnX!, y: rect.top + event.drawnY! };
  }

  get drawnEvents(): number {
    return this.#drawn.length;
  }
}
