// What a user sees when a run over NATS cannot happen: wrong credentials, servers that are not
// there, no coordinator for the run, a machine the cluster has no credentials for, no run name.
// Each is a clear message naming what was tried, and exit 2 after --connect-timeout; no stack trace.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createUser } from "@nats-io/nkeys";
import { describe, expect, it } from "vitest";
import { type CliResult, runCli } from "../helpers/cli.ts";
import { freePort } from "../helpers/processes.ts";
import { natsServer, useLocalCluster } from "./natsServer.ts";

function expectCleanFailure(result: CliResult, pattern: RegExp): void {
  const text = `${result.stdout}\n${result.stderr}`;
  expect(result.code, text).toBe(2);
  expect(text).toMatch(pattern);
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe.skipIf(natsServer === null)("bad input to a run over NATS", () => {
  const local = useLocalCluster("clocklab-nats-bad-", { nodes: 1, machines: 2 });

  const client = (args: string[]) =>
    runCli(
      [
        "client",
        "--transport",
        "nats",
        "--log-dir",
        join(local.dir, "logs"),
        "--connect-timeout",
        "1",
        ...args,
      ],
      {
        timeoutMs: 20_000,
      },
    );

  it("credentials the cluster does not know are refused by the server, and said so", async () => {
    const stranger = join(local.dir, "stranger.nk");
    writeFileSync(stranger, new TextDecoder().decode(createUser().getSeed()));
    const result = await client([
      "--id",
      "m1",
      "--name",
      "r",
      "--nats",
      local.cluster.urls[0]!,
      "--creds",
      stranger,
    ]);
    expectCleanFailure(result, /refused the credentials in .*stranger\.nk/);
  });

  it("servers that are not there: every URL tried is named, after the timeout", async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const result = await client([
      "--id",
      "m1",
      "--name",
      "r",
      "--nats",
      url,
      "--creds",
      join(local.dir, "cluster", "creds"),
    ]);
    expectCleanFailure(result, new RegExp(`cannot connect to the NATS cluster at ${url} within 1\\.0 s`));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("no coordinator for the run: the subject and servers are named", async () => {
    const result = await client(["--id", "m1", "--name", "nobody-runs-this", "--cluster", local.clusterDir]);
    expectCleanFailure(
      result,
      /no coordinator answered hello for run nobody-runs-this on clocklab\.nobody-runs-this\.coord\.m1\.hello/,
    );
  });

  it("a machine the cluster has no credentials for is refused before it connects", async () => {
    const result = await client(["--id", "m9", "--name", "r", "--cluster", local.clusterDir]);
    expectCleanFailure(result, /no credentials for "m9" in .*cluster\.json; this cluster has users m1, m2/);
  });

  it("a client over NATS must be told which run to join", async () => {
    const result = await client(["--id", "m1", "--cluster", local.clusterDir]);
    expectCleanFailure(result, /no run to join; expected --name RUN/);
  });

  it("a coordinator with no servers to reach says what to give", async () => {
    const result = await runCli([
      "coordinator",
      "--name",
      "r",
      "--log-dir",
      join(local.dir, "logs"),
      "--cluster",
      join(local.dir, "nothing"),
    ]);
    expectCleanFailure(result, /no cluster file; expected a directory written by `clocklab cluster up/);
  });
});
