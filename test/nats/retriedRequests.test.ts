// A machine's request asked again (its reply was slow on a busy host and the attempt timed out)
// is answered the same way, not taken twice: a hello retried is not a restart, a done retried is
// not a second done. A hello with a new request id from another process is a restart. Real
// coordinator process, real nats-server, raw requests as the machine's credentials.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { headers, type NatsConnection } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { REQUEST_ID_HEADER } from "../../src/core/nats/answeredRequests.ts";
import { coordinatorSubject, runToken } from "../../src/core/nats/subjects.ts";
import { credentialsFileFor } from "../../src/runtime/nats/clusterFile.ts";
import { connectAs } from "../../src/runtime/nats/connect.ts";
import { killAllStarted, startCli } from "../helpers/processes.ts";
import { waitFor } from "../helpers/waitFor.ts";
import { natsServer, useLocalCluster } from "./natsServer.ts";

describe.skipIf(natsServer === null)("requests asked again over NATS", () => {
  const local = useLocalCluster("clocklab-nats-retry-", { nodes: 1, machines: 2 }, killAllStarted);

  it("answers a repeated hello with the same welcome, and a hello with a new id as a restart", async () => {
    const coordinator = startCli([
      "coordinator",
      ...["--transport", "nats", "--cluster", local.clusterDir, "--name", "retry"],
      ...["--machines", "2", "--duration", "30", "--log-dir", join(local.dir, "logs")],
    ]);
    await coordinator.waitForOutput(/waiting for 2 machines/);
    const m1: NatsConnection = await connectAs(local.cluster, credentialsFileFor(local.cluster, "m1"));
    try {
      const subject = coordinatorSubject(runToken("retry"), "m1", "hello");
      const hello = JSON.stringify({ type: "hello", protocol: 1, id: "m1" });
      const ask = async (requestId: string) => {
        const requestHeaders = headers();
        requestHeaders.set(REQUEST_ID_HEADER, requestId);
        return (await m1.request(subject, hello, { timeout: 5000, headers: requestHeaders })).string();
      };
      const first = await ask("proc-a.1");
      expect(JSON.parse(first)).toMatchObject({ type: "welcome", runId: "retry" });
      expect(await ask("proc-a.1")).toBe(first);
      const routerLog = () =>
        readFileSync(join(local.dir, "logs", "retry", "router.jsonl"), "utf8")
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as { type: string; id?: string; reason?: string });
      expect(routerLog().filter((entry) => entry.type === "joined")).toHaveLength(1);
      expect(routerLog().some((entry) => entry.type === "left")).toBe(false);

      // Another process of the same machine (a new request id): the earlier connection is replaced.
      expect(JSON.parse(await ask("proc-b.1"))).toMatchObject({ type: "welcome" });
      await waitFor(() => routerLog().some((entry) => entry.type === "left"), "the restart to be logged");
      expect(routerLog().filter((entry) => entry.type === "left")).toEqual([
        expect.objectContaining({ id: "m1", reason: "said hello again (restarted)" }),
      ]);
    } finally {
      await m1.close();
      coordinator.kill();
      await coordinator.exited();
    }
  }, 40_000);
});
