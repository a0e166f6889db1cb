// The shared suite's adapter for the NATS transport: a real nats-server cluster on 127.0.0.1 (one
// per test file, reused by every test, stopped by pid), a real coordinator for each test's run (a
// fresh run id each time), and machines that are real NatsLinks, each with its own credentials
// and its own part log. A peer's frames are what its link hands the session; the router's log is
// the coordinator's lines and every part log's lines, merged by time.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configSchema } from "../../src/core/config.ts";
import { runToken } from "../../src/core/nats/subjects.ts";
import { PROTOCOL_VERSION, type ServerFrame } from "../../src/core/protocol.ts";
import type { RouterLogEntry } from "../../src/core/routerLog.ts";
import type { OutboundMessage } from "../../src/core/types.ts";
import { hostNowMs } from "../../src/runtime/clock.ts";
import { errnoCode } from "../../src/runtime/fsErrors.ts";
import { NatsLink } from "../../src/runtime/links/natsLink.ts";
import { type Cluster, credentialsFileFor } from "../../src/runtime/nats/clusterFile.ts";
import { connectAs } from "../../src/runtime/nats/connect.ts";
import { Coordinator } from "../../src/runtime/nats/coordinator.ts";
import { startLocalCluster } from "../../src/runtime/nats/localCluster.ts";
import { COORDINATOR_USER } from "../../src/runtime/nats/natsEndpoint.ts";
import { EDGES_DIR, PartLog } from "../../src/runtime/nats/partLog.ts";
import { RunAuthority } from "../../src/runtime/runAuthority.ts";
import { waitFor } from "../helpers/waitFor.ts";
import { stopClusterIn } from "../nats/natsServer.ts";
import type { NetworkFactory, NetworkPeer, ReceivedFrame } from "./adapter.ts";

const CONNECT_TIMEOUT_MS = 10_000;
const WAIT_MS = 10_000;

export interface NatsNetworks {
  /** Starts the cluster (in beforeAll). */
  start(): Promise<void>;
  /** Stops the cluster by pid and removes its files (in afterAll). */
  stop(): Promise<void>;
  factory: NetworkFactory;
}

/** One machine driven the way machineClient.ts drives its link, minus the session. */
class NatsPeer implements NetworkPeer {
  readonly id: string;
  readonly frames: ReceivedFrame[] = [];
  readonly link: NatsLink;
  readonly partLog: PartLog;
  failure: Error | null = null;
  /** The machines the coordinator's announcements told this link had left. */
  readonly heardLeft = new Set<string>();
  /** The machines the announcements told this link had rejoined. */
  readonly heardRejoined = new Set<string>();
  #closed = false;

  constructor(id: string, link: (peer: NatsPeer) => NatsLink, partLog: PartLog) {
    this.id = id;
    this.link = link(this);
    this.partLog = partLog;
  }

  /** The run is over for this machine: its link refused or ended it, or failed. */
  get closed(): boolean {
    return this.#closed;
  }

  async open(): Promise<void> {
    await this.link.open(
      {
        up: () => this.link.send({ type: "hello", protocol: PROTOCOL_VERSION, id: this.id }),
        frame: (frame) => this.#frame(frame),
        down: () => {},
        fail: (error) => {
          this.failure ??= error;
          this.#closed = true;
        },
        notice: () => {},
      },
      CONNECT_TIMEOUT_MS,
      () => false,
    );
  }

  send(message: OutboundMessage): void {
    this.link.send({ type: "send", ...message });
  }

  leave(reason: string): void {
    this.link.send({ type: "bye", reason });
  }

  /** As the session does: an error or end frame ends the machine, and its driver closes the link. */
  #frame(frame: ServerFrame): void {
    this.frames.push(frame as unknown as ReceivedFrame);
    if (frame.type === "error" || frame.type === "end") {
      this.#closed = true;
      this.link.close(frame.type === "error" ? `refused by the router: ${frame.code}` : "run ended");
    }
  }
}

function readPartLogs(runDir: string): RouterLogEntry[] {
  let names: string[];
  try {
    names = readdirSync(join(runDir, EDGES_DIR)).filter((name) => name.endsWith(".jsonl"));
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return []; // no machine has been welcomed yet
    throw error;
  }
  const entries: RouterLogEntry[] = [];
  for (const name of names.sort()) {
    const text = readFileSync(join(runDir, EDGES_DIR, name), "utf8");
    const complete = text.slice(0, text.lastIndexOf("\n") + 1);
    for (const line of complete.split("\n"))
      if (line !== "") entries.push(JSON.parse(line) as RouterLogEntry);
  }
  return entries;
}

export function natsNetworks(nodes: number): NatsNetworks {
  let dir = "";
  let cluster: Cluster | null = null;
  let runs = 0;

  const factory: NetworkFactory = async ({ expectedMachines, faults = [] }) => {
    if (cluster === null)
      throw new Error("the NATS cluster is not started (natsNetworks().start in beforeAll)");
    const started = cluster;
    const runId = `suite-${++runs}`;
    const logDir = join(dir, "logs");
    const config = configSchema.parse({
      run: { name: runId, machines: expectedMachines, durationS: 600, seed: 1, logDir, transport: "nats" },
      router: { startDelayMs: 0 },
      nats: { cluster: started.dir },
      // As over TCP: the suite's bursts need fast machines' clock ceilings.
      machine: { speedMin: 10_000, speedMax: 10_000 },
    });
    const authority = new RunAuthority(config);
    authority.routerOptions.faults = faults;
    const coordinatorLog: RouterLogEntry[] = [];
    const connection = await connectAs(started.urls, credentialsFileFor(started, COORDINATOR_USER), {
      timeoutMs: CONNECT_TIMEOUT_MS,
      name: `coordinator of ${runId}`,
    });
    const coordinator = new Coordinator(connection, authority, runToken(runId), (entry) =>
      coordinatorLog.push(entry),
    );
    await connection.flush();
    authority.closeTransport = () => coordinator.close();
    const peers: NatsPeer[] = [];
    return {
      duplicateHello: "replaces",
      heardLeft: (observer, id) => peers.find((peer) => peer === observer)?.heardLeft.has(id) === true,
      heardRejoined: (observer, id) =>
        peers.find((peer) => peer === observer)?.heardRejoined.has(id) === true,
      nowMs: hostNowMs,
      async join(id) {
        const twins = peers.filter((peer) => peer.id === id).length;
        const part = twins === 0 ? id : `${id}-${twins + 1}`;
        const partLog = new PartLog(logDir, part, [id]);
        // Machines spread over the nodes, so deliveries cross the cluster's routes.
        const url = started.urls[peers.length % started.urls.length]!;
        const link = (peer: NatsPeer) =>
          new NatsLink({
            id,
            runId,
            urls: [url],
            credsFile: credentialsFileFor(started, id),
            partLog,
            onAnnouncement: (control) => {
              if (control.type === "left") peer.heardLeft.add(control.id);
              if (control.type === "rejoined") peer.heardRejoined.add(control.id);
            },
          });
        const peer = new NatsPeer(id, link, partLog);
        peers.push(peer);
        await peer.open();
        await waitFor(
          () => peer.frames.length > 0 || peer.failure !== null,
          `the answer to ${id}'s hello`,
          WAIT_MS,
        );
        if (peer.failure !== null) throw peer.failure;
        return peer;
      },
      waitFor: (check, what) =>
        waitFor(
          () => {
            // A link that failed (a UserError from the product) says why, rather than a timeout.
            const failed = peers.find((peer) => peer.failure !== null);
            if (failed?.failure != null) throw failed.failure;
            return check();
          },
          what,
          WAIT_MS,
        ),
      routerLog() {
        const merged = [...coordinatorLog, ...readPartLogs(authority.runDir)];
        return merged
          .map((entry, index) => ({ entry, index }))
          .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
          .map(({ entry }) => entry);
      },
      async close() {
        for (const peer of peers) peer.link.close("the suite's case is over");
        await Promise.all(peers.map((peer) => peer.link.closing()));
        if (!authority.ending) coordinator.interrupt("the suite's case is over");
        await waitFor(() => authority.ending, "the coordinator's run to end", WAIT_MS);
        await authority.finished;
        for (const peer of peers) peer.partLog.close();
      },
    };
  };

  return {
    async start() {
      dir = mkdtempSync(join(tmpdir(), "clocklab-nats-suite-"));
      cluster = await startLocalCluster({
        dir: join(dir, "cluster"),
        nodes,
        machines: 4,
        readyTimeoutMs: 20_000,
      });
    },
    async stop() {
      if (dir === "") return;
      await stopClusterIn(join(dir, "cluster"));
      rmSync(dir, { recursive: true, force: true });
    },
    factory,
  };
}
