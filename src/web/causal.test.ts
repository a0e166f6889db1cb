// The causal computation behind the highlight, on seeded random executions: the vector-clock
// rule and the walk of the happens-before graph both give exactly the transitive closure of
// program order plus SEND → RECEIVE edges (computed here by Floyd–Warshall, independently).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CausalGraph,
  type CausalNode,
  causalSets,
  graphSets,
  pastCountInRun,
  vectorSets,
} from "./causal.ts";

type Step = { machine: number; action: number; target: number };

interface Execution extends CausalGraph<CausalNode> {
  nodes: CausalNode[];
  edges: Array<[CausalNode, CausalNode]>;
}

/** Runs the steps as machines would: receive if the queue has a message, else send or not. */
function execute(machines: number, steps: Step[]): Execution {
  const lanes: CausalNode[][] = Array.from({ length: machines }, () => []);
  const vectors = Array.from({ length: machines }, () => new Array<number>(machines).fill(0));
  const queues: Array<Array<{ id: string; vector: number[] }>> = Array.from({ length: machines }, () => []);
  const sends = new Map<string, CausalNode>();
  const receives = new Map<string, CausalNode[]>();
  const edges: Array<[CausalNode, CausalNode]> = [];
  let messages = 0;
  const push = (node: CausalNode) => {
    const lane = lanes[node.m]!;
    const previous = lane[lane.length - 1];
    if (previous !== undefined) edges.push([previous, node]);
    lane.push(node);
  };
  for (const { machine, action, target } of steps) {
    const vector = vectors[machine]!;
    const seq = lanes[machine]!.length + 1;
    const queued = queues[machine]!.shift();
    if (queued !== undefined) {
      for (let i = 0; i < machines; i++) vector[i] = Math.max(vector[i]!, queued.vector[i]!);
      vector[machine]!++;
      const node: CausalNode = { m: machine, seq, kind: "RECEIVE", v: vector.slice(), msgId: queued.id };
      push(node);
      edges.push([sends.get(queued.id)!, node]);
      receives.set(queued.id, [...(receives.get(queued.id) ?? []), node]);
      continue;
    }
    vector[machine]!++;
    if (action < 2 && machines > 1) {
      const id = `m${machine}:${++messages}`;
      const node: CausalNode = { m: machine, seq, kind: "SEND", v: vector.slice(), msgId: id };
      push(node);
      sends.set(id, node);
      const others = Array.from({ length: machines }, (_, i) => i).filter((i) => i !== machine);
      const to = action === 0 ? [others[target % others.length]!] : others; // one, or broadcast
      for (const receiver of to) queues[receiver]!.push({ id, vector: vector.slice() });
    } else {
      push({ m: machine, seq, kind: "INTERNAL", v: vector.slice() });
    }
  }
  return {
    lanes,
    nodes: lanes.flat(),
    edges,
    sendOf: (id) => sends.get(id),
    receivesOf: (id) => receives.get(id) ?? [],
  };
}

/** reach[a][b]: a happened before b (a path of one or more edges). */
function closure(execution: Execution): boolean[][] {
  const index = new Map(execution.nodes.map((node, i) => [node, i]));
  const n = execution.nodes.length;
  const reach = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (const [a, b] of execution.edges) reach[index.get(a)!]![index.get(b)!] = true;
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++)
      if (reach[i]![k]) for (let j = 0; j < n; j++) if (reach[k]![j]) reach[i]![j] = true;
  return reach;
}

const executions = fc.integer({ min: 1, max: 5 }).chain((machines) =>
  fc.tuple(
    fc.constant(machines),
    fc.array(
      fc.record({
        machine: fc.integer({ min: 0, max: machines - 1 }),
        action: fc.integer({ min: 0, max: 4 }),
        target: fc.integer({ min: 0, max: 10 }),
      }),
      { maxLength: 40 },
    ),
  ),
);

const names = (set: Set<CausalNode>) => [...set].map((node) => `${node.m}#${node.seq}`).sort();

describe("causal past and future", () => {
  it("match the transitive closure of the send/receive graph, by vectors and by walking", () => {
    fc.assert(
      fc.property(executions, ([machines, steps]) => {
        const execution = execute(machines, steps);
        const reach = closure(execution);
        execution.nodes.forEach((selected, s) => {
          const past = new Set(execution.nodes.filter((_, i) => reach[i]![s]));
          const future = new Set(execution.nodes.filter((_, i) => reach[s]![i]));
          for (const sets of [vectorSets(execution, selected), graphSets(execution, selected)]) {
            expect(names(sets.past)).toEqual(names(past));
            expect(names(sets.future)).toEqual(names(future));
          }
        });
      }),
      { seed: 14, numRuns: 300 },
    );
  });

  it("use vectors only when every event has one, and count the whole run's past from them", () => {
    const execution = execute(3, [
      { machine: 0, action: 0, target: 0 },
      { machine: 1, action: 4, target: 0 },
      { machine: 1, action: 4, target: 0 },
    ]);
    const receive = execution.lanes[1]![0]!;
    expect(receive.kind).toBe("RECEIVE");
    expect(causalSets(execution, receive).method).toBe("vector");
    expect(pastCountInRun(receive)).toBe(1);
    delete execution.lanes[1]![1]!.v;
    expect(causalSets(execution, receive).method).toBe("graph");
    expect(names(causalSets(execution, receive).past)).toEqual(["0#1"]);
  });
});
