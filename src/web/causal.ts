// Causal past and future of one event among the events the page holds. With vector clocks an
// event e happened before x exactly when e's own entry is at most x's entry for e's machine
// (e.v[e.m] ≤ x.v[e.m]); without them the happens-before graph is walked: program order on each
// machine plus an edge from every SEND to the RECEIVE lines of its message id. Both give the
// same sets; what is in neither (and is not the event) is concurrent with it. Pure: no DOM.

export interface CausalNode {
  m: number;
  seq: number;
  kind: "SEND" | "RECEIVE" | "INTERNAL";
  /** Vector clock by machine index; missing entries are 0. */
  v?: number[];
  msgId?: string;
}

export interface CausalGraph<N extends CausalNode> {
  /** Events per machine, in program (log) order. */
  lanes: ReadonlyArray<ReadonlyArray<N>>;
  sendOf(msgId: string): N | undefined;
  receivesOf(msgId: string): ReadonlyArray<N>;
}

export type CausalMethod = "vector" | "graph";

export interface CausalSets<N extends CausalNode> {
  past: Set<N>;
  future: Set<N>;
  method: CausalMethod;
}

function entry(vector: number[] | undefined, machine: number): number {
  return vector?.[machine] ?? 0;
}

/** Whether every event (and so the vector method) has a vector clock. */
export function allHaveVectors<N extends CausalNode>(graph: CausalGraph<N>): boolean {
  return graph.lanes.every((lane) => lane.every((node) => node.v !== undefined));
}

export function vectorSets<N extends CausalNode>(graph: CausalGraph<N>, selected: N): CausalSets<N> {
  const past = new Set<N>();
  const future = new Set<N>();
  const ownEntry = entry(selected.v, selected.m);
  for (const lane of graph.lanes) {
    for (const node of lane) {
      if (node === selected) continue;
      if (entry(node.v, node.m) <= entry(selected.v, node.m)) past.add(node);
      else if (ownEntry <= entry(node.v, selected.m)) future.add(node);
    }
  }
  return { past, future, method: "vector" };
}

export function graphSets<N extends CausalNode>(graph: CausalGraph<N>, selected: N): CausalSets<N> {
  const position = new Map<N, number>();
  for (const lane of graph.lanes) {
    lane.forEach((node, index) => {
      position.set(node, index);
    });
  }
  const walk = (step: (node: N) => Iterable<N>): Set<N> => {
    const seen = new Set<N>();
    const stack: N[] = [selected];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      for (const next of step(node)) {
        if (next !== selected && !seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return seen;
  };
  const lane = (node: N) => graph.lanes[node.m] ?? [];
  const past = walk(function* (node) {
    const index = position.get(node);
    if (index !== undefined && index > 0) yield lane(node)[index - 1]!;
    if (node.kind === "RECEIVE" && node.msgId !== undefined) {
      const send = graph.sendOf(node.msgId);
      if (send !== undefined) yield send;
    }
  });
  const future = walk(function* (node) {
    const index = position.get(node);
    if (index !== undefined && index + 1 < lane(node).length) yield lane(node)[index + 1]!;
    if (node.kind === "SEND" && node.msgId !== undefined) yield* graph.receivesOf(node.msgId);
  });
  return { past, future, method: "graph" };
}

/** The causal past and future of `selected`: by vector clocks when every event has one. */
export function causalSets<N extends CausalNode>(graph: CausalGraph<N>, selected: N): CausalSets<N> {
  return selected.v !== undefined && allHaveVectors(graph)
    ? vectorSets(graph, selected)
    : graphSets(graph, selected);
}

/** How many events in the whole run happened before `node` (vector clocks only). */
export function pastCountInRun(node: CausalNode): number | null {
  if (node.v === undefined) return null;
  return node.v.reduce((sum, count) => sum + count, 0) - 1;
}
