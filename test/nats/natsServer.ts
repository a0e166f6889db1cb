// For tests that need a real nats-server: whether one is installed (tests skip with a clear
// message when it is not; CI installs it), a local cluster for a test file in a temp folder,
// and stopping a test's cluster by the pids in its cluster.json whatever happened to the test.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type Cluster, readClusterFileIfPresent } from "../../src/runtime/nats/clusterFile.ts";
import { startLocalCluster } from "../../src/runtime/nats/localCluster.ts";
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

export interface LocalTestCluster {
  /** The test file's temp folder; the cluster lives in its `cluster` folder. */
  readonly dir: string;
  readonly clusterDir: string;
  readonly cluster: Cluster;
}

/**
 * A local cluster for the tests of the describe block this is called in: started before them in
 * a fresh temp folder, stopped by pid and the folder removed after them (`beforeStop` first, to
 * stop what the tests started).
 */
export function useLocalCluster(
  prefix: string,
  size: { nodes: number; machines: number },
  beforeStop: () => void = () => {},
): LocalTestCluster {
  let started: LocalTestCluster | null = null;
  const current = (): LocalTestCluster => {
    if (started === null) throw new Error("the test cluster is not started yet (use it inside a test)");
    return started;
  };
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    const clusterDir = join(dir, "cluster");
    started = {
      dir,
      clusterDir,
      cluster: await startLocalCluster({ ...size, dir: clusterDir, readyTimeoutMs: 20_000 }),
    };
  }, 30_000);
  afterAll(async () => {
    beforeStop();
    if (started === null) return;
    await stopClusterIn(started.clusterDir);
    rmSync(started.dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return current().dir;
    },
    get clusterDir() {
      return current().clusterDir;
    },
    get cluster() {
      return current().cluster;
    },
  };
}
