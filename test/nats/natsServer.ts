// For tests that need a real nats-server: whether one is installed (tests skip with a clear
// message when it is not; CI installs it), and stopping a test's cluster by the pids in its
// cluster.json whatever happened to the test.
import { readClusterFileIfPresent } from "../../src/runtime/nats/clusterFile.ts";
import { findNatsServer, type NatsServerBinary } from "../../src/runtime/nats/natsServerBinary.ts";
import { stopServerProcess } from "../../src/runtime/nats/serverProcess.ts";

function lookUp(): NatsServerBinary | null {
  try {
    return findNatsServer();
  } catch {
    return null;
  }
}

export const natsServer = lookUp();

export const NO_NATS_SERVER =
  "nats-server is not installed: skipping the NATS cluster tests (apt-get install -y nats-server)";

if (natsServer === null) console.warn(NO_NATS_SERVER);

/** Stops every server recorded in DIR/cluster.json that still runs (SIGTERM, then SIGKILL). */
export async function stopClusterIn(dir: string): Promise<void> {
  let cluster: ReturnType<typeof readClusterFileIfPresent>;
  try {
    cluster = readClusterFileIfPresent(dir);
  } catch {
    return;
  }
  if (cluster === null) return;
  await Promise.all(
    cluster.servers.map((server) =>
      server.pid === undefined ? null : stopServerProcess(server.pid, server.configFile, 2000),
    ),
  );
}
