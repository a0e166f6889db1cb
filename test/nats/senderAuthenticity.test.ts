// Sender authenticity at the server level, against a real 3-node nats-server cluster: a machine's
// credentials let it publish only on subjects that carry its own id. m1 publishing as m2 is refused
// by the server (the client hears a permissions violation) and reaches nobody, while m1's own
// subjects work across nodes; a machine without credentials, or with wrong ones, cannot connect.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createUser } from "@nats-io/nkeys";
import {
  AuthorizationError,
  connect,
  type NatsConnection,
  PermissionViolationError,
  type Status,
} from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  broadcastSubject,
  controlSubject,
  coordinatorSubject,
  directSubject,
  machineSubscriptions,
} from "../../src/core/nats/subjects.ts";
import { UserError } from "../../src/core/userError.ts";
import { type Cluster, credentialsFileFor } from "../../src/runtime/nats/clusterFile.ts";
import { connectAs } from "../../src/runtime/nats/connect.ts";
import { startLocalCluster } from "../../src/runtime/nats/localCluster.ts";
import { waitFor } from "../helpers/waitFor.ts";
import { natsServer, stopClusterIn } from "./natsServer.ts";

const RUN = "authenticity";

interface Client {
  connection: NatsConnection;
  /** Every message received, in order, as "subject payload". */
  received: string[];
  /** Errors the server reported on this connection (permission violations among them). */
  errors: Error[];
}

let dir: string;
let cluster: Cluster;
const clients: NatsConnection[] = [];

/** Connects as `id` to one node (so traffic crosses the cluster's routes) and records what happens. */
async function client(id: string, nodeIndex: number): Promise<Client> {
  const connection = await connectAs([cluster.urls[nodeIndex]!], credentialsFileFor(cluster, id), {
    name: id,
    timeoutMs: 10_000,
  });
  clients.push(connection);
  const errors: Error[] = [];
  void (async () => {
    for await (const status of connection.status() as AsyncIterable<Status>) {
      if (status.type === "error") errors.push(status.error);
    }
  })();
  return { connection, received: [], errors };
}

function subscribeAll(target: Client, subjects: string[]): void {
  for (const subject of subjects) {
    target.connection.subscribe(subject, {
      callback: (_error, message) => {
        target.received.push(`${message.subject} ${message.string()}`);
      },
    });
  }
}

async function seedFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

describe.skipIf(natsServer === null)("sender authenticity on a real cluster", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "clocklab-nats-auth-"));
    cluster = await startLocalCluster({ dir, nodes: 3, machines: 3, readyTimeoutMs: 20_000 });
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((connection) => connection.close()));
    await stopClusterIn(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses m1 publishing as m2, delivers none of it, and delivers m1's own messages", async () => {
    const m1 = await client("m1", 0);
    const m3 = await client("m3", 2);
    const coordinator = await client("coordinator", 1);
    subscribeAll(m3, machineSubscriptions(RUN, "m3"));
    subscribeAll(coordinator, [`clocklab.${RUN}.to.>`, `clocklab.${RUN}.all.>`, `clocklab.${RUN}.coord.>`]);
    await m3.connection.flush();
    await coordinator.connection.flush();
    // Subscriptions reach the other nodes through the routes asynchronously: wait until m1's own
    // message crosses the cluster before the real test.
    await waitFor(async () => {
      m1.connection.publish(directSubject(RUN, "m3", "m1"), "probe");
      await m1.connection.flush();
      return m3.received.length > 0 && coordinator.received.length > 0;
    }, "m1's messages to reach m3 and the coordinator through the routes");

    const forged = [
      directSubject(RUN, "m3", "m2"),
      broadcastSubject(RUN, "m2"),
      coordinatorSubject(RUN, "m2", "hello"),
      controlSubject(RUN),
    ];
    for (const subject of forged) m1.connection.publish(subject, "forged");
    const own = [directSubject(RUN, "m3", "m1"), broadcastSubject(RUN, "m1")];
    for (const subject of own) m1.connection.publish(subject, "genuine");
    await m1.connection.flush();

    // The server answers each refused publish with a permissions violation, in order.
    const violations = await waitFor(
      () => (m1.errors.length >= forged.length ? m1.errors : null),
      "a permissions violation for each forged publish",
    );
    for (const [index, subject] of forged.entries()) {
      const error = violations[index];
      expect(error).toBeInstanceOf(PermissionViolationError);
      expect((error as PermissionViolationError).operation).toBe("publish");
      expect((error as PermissionViolationError).subject).toBe(subject);
    }
    expect(m1.connection.isClosed()).toBe(false); // a violation does not cost the connection

    // One publisher's messages reach a subscriber in order, so once the genuine ones have arrived,
    // any forged one would already have.
    const genuine = own.map((subject) => `${subject} genuine`);
    for (const [who, target] of [
      ["m3", m3],
      ["the coordinator", coordinator],
    ] as const) {
      const arrived = await waitFor(() => {
        const messages = target.received.filter((entry) => !entry.endsWith(" probe"));
        return messages.length >= genuine.length ? messages : null;
      }, `m1's genuine messages at ${who}`);
      expect(arrived).toEqual(genuine);
    }
  });

  it("refuses a machine subscribing to another machine's messages", async () => {
    const m1 = await client("m1", 0);
    const subject = `clocklab.${RUN}.to.m2.*`;
    const subscription = m1.connection.subscribe(subject);
    const ended = (async () => {
      try {
        for await (const _message of subscription) {
          // nothing is expected
        }
        return null;
      } catch (error) {
        return error as Error;
      }
    })();
    await m1.connection.flush();
    const error = await ended;
    expect(error).toBeInstanceOf(PermissionViolationError);
    expect((error as PermissionViolationError).operation).toBe("subscription");
    expect((error as PermissionViolationError).subject).toBe(subject);
  });

  it("lets a machine ask the coordinator and hear its reply (request/reply through _INBOX)", async () => {
    const m2 = await client("m2", 1);
    const coordinator = await client("coordinator", 2);
    coordinator.connection.subscribe(`clocklab.${RUN}.coord.*.hello`, {
      callback: (_error, message) => {
        message.respond(`welcome ${message.subject.split(".")[3]}`);
      },
    });
    await coordinator.connection.flush();
    const reply = await waitFor(async () => {
      try {
        return await m2.connection.request(coordinatorSubject(RUN, "m2", "hello"), "hi", { timeout: 1000 });
      } catch {
        return null; // the coordinator's subscription may not have reached m2's node yet
      }
    }, "the coordinator's reply");
    expect(reply.string()).toBe("welcome m2");
  });

  it("has no credentials for a machine the cluster was not written for", () => {
    expect(() => credentialsFileFor(cluster, "m9")).toThrow(UserError);
    expect(() => credentialsFileFor(cluster, "m9")).toThrow(
      /no credentials for "m9".*m1, m2, m3, coordinator/,
    );
  });

  it("refuses a connection without credentials", async () => {
    await expect(
      connect({ servers: cluster.urls, timeout: 5000, maxReconnectAttempts: 0 }),
    ).rejects.toBeInstanceOf(AuthorizationError);
  });

  it("refuses an nkey the cluster does not know, with a clear error that names the file and URLs", async () => {
    const seed = new TextDecoder().decode(createUser().getSeed());
    const path = await seedFile("stranger.nk", `${seed}\n`);
    const error = await connectAs(cluster, path, { timeoutMs: 5000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    const message = (error as UserError).message;
    expect(message).toContain("refused the credentials");
    expect(message).toContain(path);
    for (const url of cluster.urls) expect(message).toContain(url);
    expect(message).not.toContain(seed);
  });

  it("explains a credentials file that holds no seed, or is missing, without showing its content", async () => {
    const path = await seedFile("garbage.nk", "not-a-seed-but-secret-text\n");
    const garbage = await connectAs(cluster, path).catch((caught: unknown) => caught);
    expect(garbage).toBeInstanceOf(UserError);
    expect((garbage as UserError).message).toMatch(/garbage\.nk: not an nkey user seed/);
    expect((garbage as UserError).message).not.toContain("secret-text");
    const missing = await connectAs(cluster, join(dir, "creds", "m9.nk")).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(UserError);
    expect((missing as UserError).message).toMatch(/m9\.nk: cannot read the credentials file \(ENOENT\)/);
  });

  it("connects through whichever listed server answers", async () => {
    const urls = ["nats://127.0.0.1:1", cluster.urls[1]!];
    const connection = await connectAs(urls, credentialsFileFor(cluster, "m2"), { timeoutMs: 10_000 });
    clients.push(connection);
    expect(connection.getServer()).toBe(cluster.urls[1]!.replace("nats://", ""));
  });

  it("gives up on unreachable servers with a UserError naming the URLs tried", async () => {
    const urls = ["nats://127.0.0.1:1", "nats://127.0.0.1:2"];
    const error = await connectAs(urls, credentialsFileFor(cluster, "m1"), { timeoutMs: 300 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain(
      "cannot connect to the NATS cluster at nats://127.0.0.1:1, nats://127.0.0.1:2",
    );
  });
});
