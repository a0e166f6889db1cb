// `clocklab coordinator` (or `clocklab router --transport nats`): the run's authority on a NATS
// cluster. It connects as the cluster's coordinator user, takes up the run directory exactly as
// the TCP router does (RunAuthority), and answers the machines until the run is over.
import type { ClocklabConfig } from "../../core/config.ts";
import { runToken } from "../../core/nats/subjects.ts";
import { hostNowMs } from "../clock.ts";
import type { ProcessFaultNote } from "../processFaults.ts";
import { type RouterRun, type RouterRunEvents, refuseProcessFaultsByHand } from "../routerProcess.ts";
import { RunAuthority } from "../runAuthority.ts";
import { connectAs, DEFAULT_CONNECT_TIMEOUT_MS } from "./connect.ts";
import { Coordinator } from "./coordinator.ts";
import { COORDINATOR_USER, natsEndpoint } from "./natsEndpoint.ts";

export async function startCoordinatorRun(
  config: ClocklabConfig,
  events: RouterRunEvents = {},
  connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS,
): Promise<RouterRun> {
  refuseProcessFaultsByHand(config);
  const endpoint = natsEndpoint(config);
  const credsFile = endpoint.credsFor(COORDINATOR_USER);
  const authority = new RunAuthority(config);
  const { runDir, runId, seed, info } = authority;
  let coordinator: Coordinator;
  try {
    // A cluster file can say it was stopped, which makes a better message than a refused connection.
    const target = config.nats.urls === null && endpoint.cluster !== null ? endpoint.cluster : endpoint.urls;
    const connection = await connectAs(target, credsFile, {
      timeoutMs: connectTimeoutMs,
      name: `coordinator of ${runId}`,
      connection: { maxReconnectAttempts: -1, reconnectTimeWait: 250 },
    });
    coordinator = new Coordinator(connection, authority, runToken(runId), events.onLog);
    // The server has the coordinator's subscription before any machine is told to start.
    await connection.flush();
  } catch (error) {
    authority.abandon();
    throw error;
  }
  authority.closeTransport = () => coordinator.close();
  authority.announce(events.onLog);
  events.onListening?.({ host: endpoint.urls.join(","), port: 0, runDir, runId, seed, faults: info.faults });
  return {
    runDir,
    runId,
    port: 0,
    finished: authority.finished,
    interrupt(reason: string) {
      if (!authority.ending) coordinator.interrupt(reason);
    },
    recordProcessFault(note: ProcessFaultNote) {
      if (!authority.ending) coordinator.record({ type: "process-fault", at: hostNowMs(), ...note });
    },
  };
}
