// The page for one run: takes the feed's messages into bounded windows (events, samples),
// redraws the diagram up to 20 times a second and the charts 4 times, and handles the controls:
// pause and follow, scrubbing (by the slider or by dragging the diagram), spans, lanes, and a
// click on an event, which lights up its causal past and future. Scrubbing back past the live
// window fetches that stretch of the run from the server instead of keeping everything.
import type { FeedStatus, RunMeta, ServerMessage } from "../core/watch/protocol.ts";
import { CausalSelection } from "./causalSelection.ts";
import { ChartsView, MANY_MACHINES } from "./chartsView.ts";
import { WatchConnection } from "./connection.ts";
import { wireDiagramPointer } from "./diagramPointer.ts";
import { renderEventPanel } from "./eventPanel.ts";
import { EventWindow, type ViewEvent } from "./eventWindow.ts";
import { renderFates } from "./fatesPanel.ts";
import { seconds } from "./format.ts";
import { LaneChoice } from "./laneChoice.ts";
import { buildRunLayout, type RunLayout } from "./layout.ts";
import { SampleSource } from "./sampleSource.ts";
import { SampleWindow } from "./sampleWindow.ts";
import { SpaceTimeDiagram } from "./spaceTime.ts";
import { renderStatus } from "./statusPanel.ts";
import { installTestHooks } from "./testHooks.ts";
import { ViewClock } from "./viewClock.ts";

/** The live window: this much true time, and at most this many events, stay in the page. */
const LIVE_SPAN_MS = 30_000;
const LIVE_MAX_EVENTS = 120_000;
const LIVE_SAMPLE_ROWS = 2400;
const DIAGRAM_EVERY_MS = 50;
const CHARTS_EVERY_MS = 250;
/** Drawing may take at most this share of the page's time; beyond it, frames come less often. */
const DRAW_SHARE = 0.25;
const CAUSAL_REFRESH_MS = 3000;

export class RunView {
  readonly layout: RunLayout;
  readonly diagram: SpaceTimeDiagram;
  readonly charts: ChartsView;
  readonly clock = new ViewClock();
  readonly #connection: WatchConnection;
  run: RunMeta | null = null;
  status: FeedStatus | null = null;
  ids: string[] = [];
  live = new EventWindow();
  history: EventWindow | null = null;
  #historyInFlight = false;
  liveSamples = new SampleWindow();
  readonly #sampleSource: SampleSource;
  #connectionText = "connecting";
  snapshotReceived = false;
  readonly #laneChoice = new LaneChoice();
  selection: CausalSelection | null = null;
  /** All machines' events around the selection, when the page holds only its lanes'. */
  #causalWindow: EventWindow | null = null;
  #causalInFlight = false;
  #causalFetchedAt = Number.NEGATIVE_INFINITY;
  /** The lanes the server was last told about ("all", or indexes); reset on each connection. */
  #sentLanesKey: string | null = null;
  #lanesKeyAtConnect = "all";
  /** The window the diagram drew last. */
  shown: EventWindow = this.live;
  #lastDrawKey = "";
  #lastChartsAt = Number.NEGATIVE_INFINITY;
  #scrubbing = false;
  frames = 0;
  lagRecording = false;
  readonly lagSamplesMs: number[] = [];
  /** The part of each display lag before the event reached the page. */
  readonly arrivalLagSamplesMs: number[] = [];

  constructor(root: HTMLElement, runName: string | null) {
    this.layout = buildRunLayout(root);
    this.diagram = new SpaceTimeDiagram(this.layout.canvas);
    this.charts = new ChartsView(this.layout.lagChart, this.layout.queueChart, this.layout.hlcChart);
    this.diagram.onFirstDrawn = (event) => {
      if (this.lagRecording && event.arrivedAt !== undefined && this.lagSamplesMs.length < 1_000_000) {
        this.lagSamplesMs.push(Date.now() - event.t);
        this.arrivalLagSamplesMs.push(event.arrivedAt - event.t);
      }
    };
    this.#wireControls();
    renderEventPanel(this.layout.panel, null);
    this.#connection = new WatchConnection(
      runName,
      (message) => this.#receive(message),
      (state, detail) => {
        if (state === "open") this.#sentLanesKey = this.#lanesKeyAtConnect;
        this.#connectionText =
          state === "open"
            ? "connected"
            : state === "closed"
              ? `disconnected ${detail}`.trim()
              : "connecting";
        this.#renderStatus();
      },
      () => {
        // A reconnecting page asks for its lanes in the address, so the first snapshot fits.
        const wanted = this.#wantedLanes();
        this.#lanesKeyAtConnect = wanted === null ? "all" : wanted.join(",");
        return wanted;
      },
    );
    this.#sampleSource = new SampleSource((fromRow, toRow, step) =>
      this.#connection.rangeSamples(fromRow, toRow, step),
    );
    installTestHooks(this);
    const loop = () => {
      const started = performance.now();
      this.#frame();
      const tookMs = performance.now() - started;
      window.setTimeout(loop, Math.max(DIAGRAM_EVERY_MS, tookMs / DRAW_SHARE - tookMs));
    };
    loop();
  }

  get originMs(): number {
    if (this.liveSamples.rows > 0) return this.liveSamples.originMs;
    return this.run?.t0 ?? this.clock.earliestMs ?? 0;
  }

  #receive(message: ServerMessage): void {
    switch (message.type) {
      case "hello":
        this.run = message.run;
        this.live = new EventWindow();
        this.history = null;
        this.liveSamples = new SampleWindow();
        this.#sampleSource.drop();
        this.clock.reset();
        this.snapshotReceived = false;
        document.title = `clocklab watch: ${message.run.name}`;
        break;
      case "machines":
        this.ids = message.ids;
        this.layout.lanesBox.hidden = this.ids.length <= MANY_MACHINES;
        break;
      case "status":
        this.status = message.status;
        this.clock.noteEarliest(message.status.earliestMs);
        if (message.status.latestMs !== null) this.clock.advanceTo(message.status.latestMs);
        this.#updateRate();
        renderFates(this.layout.fates, message.status.fates);
        this.#renderStatus();
        break;
      case "events":
        if (message.snapshot) {
          this.live = new EventWindow(message.fromMs ?? Number.NEGATIVE_INFINITY);
          this.live.add(message.events);
          this.snapshotReceived = true;
        } else {
          this.live.add(message.events, Date.now());
          this.live.bound(LIVE_SPAN_MS, LIVE_MAX_EVENTS);
        }
        if (this.live.count > 0) this.clock.advanceTo(this.live.latestMs);
        break;
      case "samples":
        if (message.reset) this.liveSamples.reset(message.samples);
        else this.liveSamples.apply(message.samples, LIVE_SAMPLE_ROWS);
        if (message.reset) this.#sampleSource.drop();
        break;
      case "error":
        this.layout.diagramNote.textContent = message.message;
        break;
      default:
        break;
    }
  }

  #updateRate(): void {
    const run = this.run;
    const status = this.status;
    if (run === null || status === null) return;
    if (run.replaySpeed !== null && !status.caughtUp) this.clock.rate = run.replaySpeed;
    else if (status.runStatus === "running" && run.mode !== "sim") this.clock.rate = 1;
    else this.clock.rate = 0;
  }

  #renderStatus(): void {
    renderStatus(
      this.layout.status,
      this.run,
      this.status,
      this.ids.length,
      this.#connectionText,
      this.originMs,
    );
  }

  /** Machines with a lane, top to bottom. */
  get lanes(): number[] {
    return this.#laneChoice.lanes(this.ids.length);
  }

  #wireControls(): void {
    const { follow, scrub, diagramSpan, chartSpan, lanesApply, lanesStandouts, lanesInput, canvas } =
      this.layout;
    follow.addEventListener("click", () => {
      if (this.clock.following) this.clock.pause();
      else this.clock.follow();
    });
    scrub.addEventListener("input", () => {
      this.#scrubbing = true;
      this.clock.scrubTo(Number(scrub.value));
    });
    scrub.addEventListener("change", () => {
      this.#scrubbing = false;
    });
    diagramSpan.addEventListener("change", () => {
      this.clock.spanMs = Number(diagramSpan.value);
    });
    chartSpan.addEventListener("change", () => {
      this.#sampleSource.drop();
      this.#lastChartsAt = Number.NEGATIVE_INFINITY;
    });
    lanesApply.addEventListener("click", () => this.#setLanesFromText(lanesInput.value));
    lanesStandouts.addEventListener("click", () => {
      lanesInput.value = this.#laneChoice.chooseStandouts(this.charts.lagStandouts, this.ids);
    });
    wireDiagramPointer(canvas, this.clock, (x, y) => this.select(this.diagram.hit(x, y)));
  }

  #setLanesFromText(text: string): void {
    const unknown = this.#laneChoice.chooseByName(text, this.ids);
    this.layout.diagramNote.textContent = unknown.length > 0 ? `no such machines: ${unknown.join(", ")}` : "";
  }

  select(event: ViewEvent | null): void {
    this.#causalWindow = null;
    if (event === null) {
      this.selection = null;
      renderEventPanel(this.layout.panel, null);
      return;
    }
    this.selection = new CausalSelection(event);
    this.#updateSelection(true);
  }

  /** Whether the page holds only some machines' events (then causality needs a fetched window). */
  get #lanesOnly(): boolean {
    return this.ids.length > MANY_MACHINES;
  }

  #updateSelection(force: boolean): void {
    const selection = this.selection;
    if (selection === null) return;
    const window = this.#lanesOnly ? this.#causalWindowFor(selection) : this.shown;
    if (window === null) return;
    if (selection.update(window, force)) this.#renderPanel(selection);
  }

  /**
   * All machines' events around the selected one, fetched (the page holds only its lanes'): from
   * the start of what it holds to its end, refreshed while new events may join the future.
   */
  #causalWindowFor(selection: CausalSelection): EventWindow | null {
    const now = performance.now();
    const fromMs = Math.min(this.shown.fromMs, this.clock.startMs(), selection.event.t);
    const toMs = Math.max(this.shown.heldToMs, this.clock.endMs());
    const held = this.#causalWindow;
    const fresh =
      held !== null &&
      held.fromMs <= Math.max(fromMs, selection.event.t - 1) &&
      (!this.clock.following || this.clock.rate === 0 || now - this.#causalFetchedAt < CAUSAL_REFRESH_MS);
    if (!fresh && !this.#causalInFlight) {
      this.#causalInFlight = true;
      this.#causalFetchedAt = now;
      const start = Number.isFinite(fromMs) ? fromMs : selection.event.t - this.clock.spanMs;
      void this.#connection.rangeEvents(start, toMs).then((reply) => {
        this.#causalInFlight = false;
        if (reply === null || this.selection !== selection) return;
        this.#causalWindow = EventWindow.fromRangeReply(reply);
        this.#updateSelection(true);
      });
    }
    return held;
  }

  #renderPanel(selection: CausalSelection): void {
    renderEventPanel(this.layout.panel, {
      event: selection.event,
      window: selection.window ?? this.live,
      ids: this.ids,
      originMs: this.originMs,
      past: selection.past,
      future: selection.future,
      concurrent: selection.highlight === null ? 0 : selection.concurrent,
      method: selection.method,
    });
  }

  /** The machines whose live events the page asks for (null: all). */
  #wantedLanes(): number[] | null {
    return this.#lanesOnly ? this.lanes : null;
  }

  /** Tells the server when the lanes shown change (it answers with a fresh snapshot). */
  #syncLanes(): void {
    const wanted = this.#wantedLanes();
    const key = wanted === null ? "all" : wanted.join(",");
    if (key === this.#sentLanesKey) return;
    if (this.#connection.lanes(wanted)) this.#sentLanesKey = key;
  }

  /** The window that holds [startMs, endMs], asking the server for it if none does. */
  #windowFor(startMs: number, endMs: number): EventWindow {
    if (this.clock.following || this.live.covers(startMs, endMs)) return this.live;
    if (this.history?.covers(startMs, endMs)) return this.history;
    if (!this.#historyInFlight) {
      this.#historyInFlight = true;
      const margin = this.clock.spanMs / 2;
      const machines = this.#wantedLanes() ?? undefined;
      void this.#connection.rangeEvents(startMs - margin, endMs + margin, machines).then((reply) => {
        this.#historyInFlight = false;
        if (reply !== null) this.history = EventWindow.fromRangeReply(reply);
      });
    }
    return this.history !== null && this.history.heldToMs >= startMs && this.history.fromMs <= endMs
      ? this.history
      : this.live;
  }

  #frame(): void {
    const now = performance.now();
    const endMs = this.clock.endMs(now);
    const startMs = endMs - this.clock.spanMs;
    const window = this.#windowFor(startMs, endMs);
    this.shown = window;
    this.#syncLanes();
    this.#updateSelection(false);
    const lanes = this.lanes;
    const drawKey = `${startMs}|${window.id}:${window.version}|${lanes.join(",")}|${this.selection?.generation ?? ""}|${this.ids.length}|${this.canvasWidth()}`;
    if (drawKey !== this.#lastDrawKey) {
      this.#lastDrawKey = drawKey;
      this.diagram.draw({
        window,
        lanes,
        ids: this.ids,
        speeds: this.run?.ticksPerSecond ?? {},
        startMs,
        endMs,
        originMs: this.originMs,
        faults: this.status?.faults ?? [],
        highlight: this.selection?.highlight ?? null,
      });
      this.frames++;
    }
    this.#updateScrub(endMs);
    if (now - this.#lastChartsAt >= CHARTS_EVERY_MS) {
      this.#lastChartsAt = now;
      this.#updateCharts(startMs, endMs);
    }
  }

  canvasWidth(): number {
    return this.layout.canvas.clientWidth;
  }

  #updateScrub(endMs: number): void {
    const { scrub, follow, position } = this.layout;
    const earliest = this.clock.earliestMs;
    const head = this.clock.headMs();
    if (earliest !== null && !this.#scrubbing) {
      scrub.min = String(earliest);
      scrub.max = String(Math.max(earliest, head));
      scrub.value = String(endMs);
    }
    follow.textContent = this.clock.following ? "Pause" : "Follow";
    const where = this.clock.following ? "following" : "paused";
    const source = this.shown === this.live ? "" : " (fetched from the run's logs)";
    position.textContent = `${seconds(endMs, this.originMs, 1)} · ${where}${source}`;
  }

  #updateCharts(startMs: number, endMs: number): void {
    const chartSpan = this.layout.chartSpan.value;
    const fromMs = chartSpan === "all" ? (this.clock.earliestMs ?? startMs) : endMs - Number(chartSpan);
    const chosen = this.#sampleSource.rowsFor(this.liveSamples, fromMs, endMs);
    if (chosen === null) return;
    this.charts.update(
      {
        samples: chosen.samples,
        first: chosen.first,
        last: chosen.last,
        ids: this.ids,
        faults: this.status?.faults ?? [],
        diagramFromMs: startMs,
        diagramToMs: endMs,
        originMs: this.originMs,
      },
      this.layout.lagChart.clientWidth,
    );
    const { step, intervalMs } = chosen.samples;
    this.layout.chartNote.textContent = chosen.fetched
      ? `charts: every ${step * intervalMs} ms, fetched from the run's logs`
      : "";
  }
}

export function showRun(root: HTMLElement, runName: string | null): RunView {
  return new RunView(root, runName);
}
