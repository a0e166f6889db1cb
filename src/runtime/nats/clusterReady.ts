// Waits until every node of a cluster answers on its monitoring port (/healthz) and has its routes
// to all the others (/routez), polling with a deadline. Reports the node that is not ready and why.

export interface MonitoredNode {
  name: string;
  monitorPort: number;
}

export interface NodeReadiness {
  name: string;
  healthy: boolean;
  /** How many other nodes it has a route to. */
  routes: number;
  /** Why it is not ready yet (the last error or answer), for the timeout message. */
  detail: string;
}

async function fetchJson(url: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: await response.json() };
}

/** Distinct peers in a /routez answer (nats-server 2.10 may open several routes to one peer). */
function connectedPeers(routez: unknown): number {
  const routes = (routez as { routes?: Array<{ remote_id?: unknown }> | null }).routes ?? [];
  return new Set(routes.map((route) => route.remote_id)).size;
}

export async function nodeReadiness(node: MonitoredNode, requestTimeoutMs = 1000): Promise<NodeReadiness> {
  const base = `http://127.0.0.1:${node.monitorPort}`;
  try {
    const health = await fetchJson(`${base}/healthz`, requestTimeoutMs);
    const healthy = health.status === 200 && (health.body as { status?: unknown }).status === "ok";
    if (!healthy)
      return {
        name: node.name,
        healthy,
        routes: 0,
        detail: `/healthz answered ${JSON.stringify(health.body)}`,
      };
    const routez = await fetchJson(`${base}/routez`, requestTimeoutMs);
    const routes = connectedPeers(routez.body);
    return { name: node.name, healthy, routes, detail: `routes to ${routes} other node(s)` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { name: node.name, healthy: false, routes: 0, detail: cause ?? (error as Error).message };
  }
}

export interface WaitForClusterOptions {
  timeoutMs: number;
  /** Checked on every round: a non-null text (e.g. "n2 exited: exit code 1") stops the wait. */
  failure?: () => string | null;
}

export type ClusterWaitResult =
  | { ready: true }
  | { ready: false; reason: "failed"; failure: string }
  | { ready: false; reason: "timeout"; notReady: NodeReadiness[] };

/** Ready = every node healthy with a route to each of the other nodes. */
export async function waitForCluster(
  nodes: MonitoredNode[],
  options: WaitForClusterOptions,
): Promise<ClusterWaitResult> {
  const deadline = Date.now() + options.timeoutMs;
  const routesWanted = nodes.length - 1;
  for (let delayMs = 10; ; delayMs = Math.min(delayMs * 2, 200)) {
    const failure = options.failure?.() ?? null;
    if (failure !== null) return { ready: false, reason: "failed", failure };
    const states = await Promise.all(nodes.map((node) => nodeReadiness(node)));
    const notReady = states.filter((state) => !state.healthy || state.routes < routesWanted);
    if (notReady.length === 0) return { ready: true };
    if (Date.now() > deadline) {
      const lateFailure = options.failure?.() ?? null;
      if (lateFailure !== null) return { ready: false, reason: "failed", failure: lateFailure };
      return { ready: false, reason: "timeout", notReady };
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}
