// Small constructed runs with one fault each, whose fault measures the tests check against values
// worked out by hand (the comments beside each run give the timeline and the numbers).
import { eventLine } from "./runDirs.ts";

type Files = Record<string, string | object[]>;
type Line = Record<string, unknown>;

function runJson(faults: object[], machines = ["m1", "m2"]): string {
  return `${JSON.stringify({
    format: "clocklab-run",
    mode: "sim",
    seed: 1,
    status: "completed",
    t0: 0,
    machines: machines.map((id) => ({ id, ticksPerSecond: 1, clock: { offsetMs: 0, driftPpm: 0 } })),
    faults,
  })}\n`;
}

const internal = (seq: number, t: number, lamport: number, queue = 0) =>
  eventLine(seq, "INTERNAL", t, lamport, {}, queue);
const send = (seq: number, t: number, lamport: number, id: string, to: string) =>
  eventLine(seq, "SEND", t, lamport, {}, 0, { id, kind: "SEND_FIRST", to: [to], lamport, sentAt: t });
const receive = (
  seq: number,
  t: number,
  lamport: number,
  id: string,
  from: string,
  sentLamport: number,
  sentAt: number,
  queue = 0,
) => eventLine(seq, "RECEIVE", t, lamport, {}, queue, { id, from, lamport: sentLamport, sentAt });
const routed = (at: number, id: string, from: string, to: string, lamport: number) => ({
  type: "routed",
  at,
  id,
  from,
  to,
  kind: "SEND_FIRST",
  lamport,
});

export const PARTITION_WINDOW = {
  id: "f1",
  kind: "partition",
  fromMs: 2000,
  toMs: 4000,
  targets: ["m1"],
  groups: [["m1"], ["m2"]],
  action: { kind: "partition", groups: [["m1"], ["m2"]], mode: "drop" },
  source: "faults[0]",
};

/**
 * A partition {m1} | {m2} from 2 s to 4 s (t0 = 0). Spread after each event (machines count 0
 * before their first): 0 a1 1 | 500 b1 0 | 1000 a2 1 | 1500 b2 1 || 2000 b3 2 | 2200 b4 3 |
 * 2400 b5 4 | 2500 a3 3 | 2600 b6 4 (a send dropped by the partition) | 3000 b7 5 | 3500 a4 4 |
 * 3800 b8 5 || 4200 b9 6 | 4500 a5 1 (m1 receives m2:9: L 4 -> 11, a jump of 7) | 5000 b10 0 |
 * 5500 a6 1. Level before: 1; at the start 1; peak 5 at 3 s; at the heal 5; back within 1 at
 * 4.5 s: recovery 500 ms. Phases of 2 s: before [0, 2) 4 events, 1 receive (transit 500 ms),
 * spread max 1; during [2, 4) 8 events, 1 drop (partition), queue max 1 (a4), spread max 5;
 * after [4, 5.5] (clipped to the last event) 4 events in 1.5 s, 1 receive (transit 300 ms),
 * spread max 6.
 */
export function partitionRun(options: { faultsInRunJson?: boolean } = {}): Files {
  const inRunJson = options.faultsInRunJson ?? true;
  const faultLine = (phase: string, at: number) => ({
    type: "fault",
    at,
    phase,
    fault: "f1",
    kind: "partition",
    targets: ["m1"],
    groups: ["m1", "m2"],
    source: "faults[0]",
  });
  const info = JSON.parse(runJson(inRunJson ? [PARTITION_WINDOW] : [])) as Line;
  if (!inRunJson) delete info.faults;
  return {
    "run.json": `${JSON.stringify(info)}\n`,
    "m1.jsonl": [
      internal(1, 0, 1),
      send(2, 1000, 2, "m1:1", "m2"),
      internal(3, 2500, 3),
      internal(4, 3500, 4, 1),
      receive(5, 4500, 11, "m2:9", "m2", 10, 4200),
      internal(6, 5500, 12),
    ],
    "m2.jsonl": [
      internal(1, 500, 1),
      receive(2, 1500, 3, "m1:1", "m1", 2, 1000),
      internal(3, 2000, 4),
      internal(4, 2200, 5),
      internal(5, 2400, 6),
      send(6, 2600, 7, "m2:6", "m1"),
      internal(7, 3000, 8),
      internal(8, 3800, 9),
      send(9, 4200, 10, "m2:9", "m1"),
      internal(10, 5000, 11),
    ],
    "router.jsonl": [
      { type: "started", at: 0, t0: 0, peers: ["m1", "m2"] },
      routed(1000, "m1:1", "m1", "m2", 2),
      faultLine("start", 2000),
      { ...routed(2600, "m2:6", "m2", "m1", 7), type: "dropped", reason: "partition", fault: "f1" },
      faultLine("end", 4000),
      routed(4200, "m2:9", "m2", "m1", 10),
    ],
  };
}

function hlcLine(line: Line, systemTime: number, wall: number, logical: number): Line {
  return { ...line, systemTime, hlc: { wall, logical } };
}

/**
 * m1's clock steps back 5 s at 2 s (to the end at 10 s). m1's HLC lead over its own clock
 * (wall − floor(systemTime)): 0, 0 before; 4000 at 2 s (it first ran ahead: aheadFrom 2 s), 3000,
 * 4900 at 4 s (a receive carried m2's wall 3900), 3900, then 0 at 9 s: caught up 7000 ms after it
 * ran ahead. Logical counter up to 2; furthest from true time 5000 ms (at 9 s). m2's clock is true.
 */
export function clockStepRun(): Files {
  return {
    "run.json": runJson([
      {
        id: "f1",
        kind: "clock",
        fromMs: 2000,
        toMs: 10_000,
        targets: ["m1"],
        groups: null,
        action: { kind: "clock", targets: { ids: ["m1"] }, stepMs: -5000 },
        source: "faults[0]",
      },
    ]),
    "m1.jsonl": [
      hlcLine(internal(1, 0, 1), 0, 0, 0),
      hlcLine(internal(2, 1000, 2), 1000, 1000, 0),
      hlcLine(internal(3, 2000, 3), -3000, 1000, 1),
      hlcLine(internal(4, 3000, 4), -2000, 1000, 2),
      hlcLine(receive(5, 4000, 6, "m2:2", "m2", 5, 3900), -1000, 3900, 1),
      hlcLine(internal(6, 5000, 7), 0, 3900, 2),
      hlcLine(internal(7, 9000, 8), 4000, 4000, 0),
    ],
    "m2.jsonl": [internal(1, 500, 1), send(2, 3900, 5, "m2:2", "m1"), internal(3, 6000, 6)],
    "router.jsonl": [routed(3900, "m2:2", "m2", "m1", 5)],
  };
}

/**
 * m2 is paused from 2 s to 4 s. Its queue: 0 and 1 in the 5 s before (level 1); its first event
 * after is a RECEIVE at 4 s leaving 3 (so it found 4); 2 at 4.5 s, 1 at 5 s: drained 1000 ms after
 * the pause ended. Its last event before the pause was at 1.8 s.
 */
export function pauseRun(): Files {
  return {
    "run.json": runJson([
      {
        id: "f1",
        kind: "pause",
        fromMs: 2000,
        toMs: 4000,
        targets: ["m2"],
        groups: null,
        action: { kind: "pause", targets: { ids: ["m2"] } },
        source: "faults[0]",
      },
    ]),
    "m1.jsonl": [
      internal(1, 0, 1),
      send(2, 1500, 2, "m1:1", "m2"),
      send(3, 2100, 3, "m1:2", "m2"),
      send(4, 2500, 4, "m1:3", "m2"),
      send(5, 3000, 5, "m1:4", "m2"),
      send(6, 3500, 6, "m1:5", "m2"),
    ],
    "m2.jsonl": [
      internal(1, 1000, 1),
      internal(2, 1800, 2, 1),
      receive(3, 4000, 3, "m1:1", "m1", 2, 1500, 3),
      receive(4, 4500, 4, "m1:2", "m1", 3, 2100, 2),
      receive(5, 5000, 5, "m1:3", "m1", 4, 2500, 1),
      receive(6, 5500, 6, "m1:4", "m1", 5, 3000, 0),
      receive(7, 6000, 7, "m1:5", "m1", 6, 3500, 0),
    ],
    "router.jsonl": [
      routed(1500, "m1:1", "m1", "m2", 2),
      routed(2100, "m1:2", "m1", "m2", 3),
      routed(2500, "m1:3", "m1", "m2", 4),
      routed(3000, "m1:4", "m1", "m2", 5),
      routed(3500, "m1:5", "m1", "m2", 6),
    ],
  };
}

/**
 * m2 crashes at 2 s and restarts at 4 s with its clocks from zero. Its last event before was at
 * 1.8 s (Lamport 4, queue 0); m1:2, routed to it at 1.9 s, was in its queue: lost with it. m1:3 was
 * dropped (machine-gone). Back at 4 s with Lamport 1: down 2200 ms. Its first receive after (m1:4
 * at 5.5 s) takes it from 2 to 6: a catch-up jump of 4. Ordinary steps: +2, +1, +1, +1 (jumpMax 2).
 * Ticks per second: 7 events over 5.5 s, less one interval and the 2.2 s down: 5 / 3.3.
 * `byHand`: no crash window (a machine killed and restarted by hand): the router's record alone.
 */
export function crashRun(options: { byHand?: boolean } = {}): Files {
  const window = {
    id: "f1",
    kind: "crash",
    fromMs: 2000,
    toMs: 4000,
    targets: ["m2"],
    groups: null,
    action: { kind: "crash", targets: { ids: ["m2"] }, restart: "zero" },
    source: "faults[0]",
  };
  return {
    "run.json": runJson(options.byHand === true ? [] : [window]),
    "m1.jsonl": [
      internal(1, 0, 1),
      send(2, 1000, 2, "m1:1", "m2"),
      send(3, 1900, 3, "m1:2", "m2"),
      send(4, 3000, 4, "m1:3", "m2"),
      send(5, 5000, 5, "m1:4", "m2"),
    ],
    "m2.jsonl": [
      internal(1, 500, 1),
      receive(2, 1500, 3, "m1:1", "m1", 2, 1000),
      internal(3, 1800, 4),
      { ...internal(4, 4000, 1), tick: 8 },
      { ...internal(5, 4800, 2), tick: 9 },
      { ...receive(6, 5500, 6, "m1:4", "m1", 5, 5000), tick: 10 },
      { ...internal(7, 6000, 7), tick: 11 },
    ],
    "router.jsonl": [
      { type: "joined", at: 0, id: "m1", rejoin: false },
      { type: "joined", at: 0, id: "m2", rejoin: false },
      routed(1000, "m1:1", "m1", "m2", 2),
      routed(1900, "m1:2", "m1", "m2", 3),
      { type: "left", at: 2000, id: "m2", reason: "connection lost (crash fault f1)" },
      { ...routed(3000, "m1:3", "m1", "m2", 4), type: "dropped", reason: "machine-gone" },
      { type: "joined", at: 4000, id: "m2", rejoin: true },
      routed(5000, "m1:4", "m1", "m2", 5),
    ],
  };
}
