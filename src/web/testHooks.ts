// A small read-only handle on the page for the browser tests and the display-lag benchmark
// (window.__clocklabWatch): where an event was drawn, what the causal highlight holds, what the
// view shows, how much the page holds, and the write-to-draw delays it measured.
import { eventKey } from "./eventWindow.ts";
import type { RunView } from "./runView.ts";

export interface WatchTestHooks {
  ready(): boolean;
  machines(): string[];
  /** Client coordinates where the event (machine id, seq) was last drawn, or null. */
  position(machine: string, seq: number): { x: number; y: number } | null;
  selection(): {
    selected: string;
    past: string[];
    future: string[];
    concurrent: string[];
    method: string;
  } | null;
  view(): {
    startMs: number;
    endMs: number;
    following: boolean;
    fetched: boolean;
    drawnEvents: number;
    frames: number;
  };
  held(): { liveEvents: number; fetchedEvents: number; sampleRows: number };
  startLagRecording(): void;
  /** Delays (ms) from each event's trueTime to its first drawing since the last call. */
  takeLagSamples(): number[];
  /** For the same events, the delay from trueTime to their arrival in the page. */
  takeArrivalLagSamples(): number[];
}

declare global {
  interface Window {
    __clocklabWatch?: WatchTestHooks;
  }
}

export function installTestHooks(view: RunView): void {
  const key = (m: number, seq: number) => `${view.ids[m] ?? `#${m}`}#${seq}`;
  window.__clocklabWatch = {
    ready: () => view.snapshotReceived,
    machines: () => [...view.ids],
    position: (machine, seq) => {
      const index = view.ids.indexOf(machine);
      const event = index < 0 ? undefined : view.shown.find(index, seq);
      return event === undefined ? null : view.diagram.positionOf(event);
    },
    selection: () => {
      const selection = view.selection;
      const highlight = selection?.highlight;
      const window = selection?.window;
      if (selection === null || highlight === null || highlight === undefined || !window) return null;
      const past: string[] = [];
      const future: string[] = [];
      const concurrent: string[] = [];
      for (const lane of window.lanes) {
        for (const event of lane) {
          const k = eventKey(event);
          if (k === highlight.selectedKey) continue;
          const list = highlight.past.has(k) ? past : highlight.future.has(k) ? future : concurrent;
          list.push(key(event.m, event.seq));
        }
      }
      return {
        selected: key(selection.m, selection.seq),
        past,
        future,
        concurrent,
        method: selection.method,
      };
    },
    view: () => ({
      startMs: view.clock.startMs(),
      endMs: view.clock.endMs(),
      following: view.clock.following,
      fetched: view.shown !== view.live,
      drawnEvents: view.diagram.drawnEvents,
      frames: view.frames,
    }),
    held: () => ({
      liveEvents: view.live.count,
      fetchedEvents: view.history?.count ?? 0,
      sampleRows: view.liveSamples.rows,
    }),
    startLagRecording: () => {
      view.lagRecording = true;
    },
    takeLagSamples: () => view.lagSamplesMs.splice(0),
    takeArrivalLagSamples: () => view.arrivalLagSamplesMs.splice(0),
  };
}
