// cluster.json: written by the cluster commands, read back validated with absolute paths, and
// refused with a message naming the file and the field when it is missing, not JSON or wrong.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../core/userError.ts";
import {
  type ClusterFile,
  credentialsFileFor,
  readClusterFile,
  updateClusterFile,
  writeClusterFile,
} from "./clusterFile.ts";

const KEY = `U${"A".repeat(55)}`;

function sample(): ClusterFile {
  return {
    format: "clocklab-nats-cluster",
    version: 1,
    kind: "local",
    clusterName: "clocklab",
    createdAt: "2025-01-02T03:04:05.000Z",
    stoppedAt: null,
    natsServer: { path: "/usr/sbin/nats-server", version: "2.9.10" },
    urls: ["nats://127.0.0.1:4222"],
    credentialsDir: "creds",
    machines: ["m1", "m2"],
    coordinator: "coordinator",
    users: {
      m1: { publicKey: KEY, credentialsFile: "creds/m1.nk" },
      m2: { publicKey: KEY, credentialsFile: "creds/m2.nk" },
      coordinator: { publicKey: KEY, credentialsFile: "creds/coordinator.nk" },
    },
    servers: [
      {
        name: "n1",
        url: "nats://127.0.0.1:4222",
        host: "127.0.0.1",
        clientPort: 4222,
        routePort: 6222,
        monitorPort: 8222,
        configFile: "servers/n1.conf",
        logFile: "servers/n1.log",
        pid: 1234,
      },
    ],
  };
}

let root: string;
let count = 0;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "clocklab-cluster-file-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function freshDir(): string {
  const dir = join(root, `d${++count}`);
  mkdirSync(dir);
  return dir;
}

function readError(dir: string): string {
  try {
    readClusterFile(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error("expected readClusterFile to fail");
}

describe("cluster.json", () => {
  it("reads back what was written, with paths resolved against the directory", () => {
    const dir = freshDir();
    writeClusterFile(dir, sample());
    const cluster = readClusterFile(dir);
    expect(cluster.dir).toBe(dir);
    expect(cluster.urls).toEqual(["nats://127.0.0.1:4222"]);
    expect(cluster.credentialsDir).toBe(join(dir, "creds"));
    expect(credentialsFileFor(cluster, "m2")).toBe(join(dir, "creds", "m2.nk"));
    expect(credentialsFileFor(cluster, "coordinator")).toBe(join(dir, "creds", "coordinator.nk"));
    expect(cluster.servers[0]!.configFile).toBe(join(dir, "servers", "n1.conf"));
    // on disk the paths stay relative, so the directory can be copied elsewhere
    expect(JSON.parse(readFileSync(join(dir, "cluster.json"), "utf8")).credentialsDir).toBe("creds");
  });

  it("updates one field and keeps the rest", () => {
    const dir = freshDir();
    writeClusterFile(dir, sample());
    updateClusterFile(dir, (file) => ({ ...file, stoppedAt: "2025-01-02T04:00:00.000Z" }));
    const cluster = readClusterFile(dir);
    expect(cluster.stoppedAt).toBe("2025-01-02T04:00:00.000Z");
    expect(cluster.servers[0]!.pid).toBe(1234);
  });

  it("names the user and the known users when a machine has no credentials", () => {
    const dir = freshDir();
    writeClusterFile(dir, sample());
    expect(() => credentialsFileFor(readClusterFile(dir), "m7")).toThrow(
      /no credentials for "m7" in .*cluster\.json; this cluster has users m1, m2, coordinator/,
    );
  });

  it("explains a missing file, bad JSON and fields that are wrong", () => {
    const dir = freshDir();
    expect(readError(dir)).toMatch(
      /cluster\.json: no cluster file; expected a directory written by `clocklab cluster up/,
    );
    writeFileSync(join(dir, "cluster.json"), "{ not json");
    expect(readError(dir)).toMatch(/cluster\.json: not valid JSON/);
    const wrong = { ...sample(), urls: [], machines: ["m1", "m5"], surprise: true } as unknown;
    writeFileSync(join(dir, "cluster.json"), JSON.stringify(wrong));
    const message = readError(dir);
    expect(message).toContain("not a valid clocklab cluster file");
    expect(message).toMatch(/urls: /);
    expect(message).toContain("surprise");
  });

  it("refuses paths that leave the cluster directory", () => {
    const dir = freshDir();
    const file = sample();
    file.users.m1!.credentialsFile = "../../etc/passwd";
    writeFileSync(join(dir, "cluster.json"), JSON.stringify(file));
    expect(readError(dir)).toMatch(/users\.m1\.credentialsFile: .*relative to the cluster directory/);
    file.users.m1!.credentialsFile = "/etc/passwd";
    writeFileSync(join(dir, "cluster.json"), JSON.stringify(file));
    expect(readError(dir)).toMatch(/users\.m1\.credentialsFile/);
  });

  it("refuses a cluster file where a machine has no user entry", () => {
    const dir = freshDir();
    const file = sample();
    delete file.users.m2;
    writeFileSync(join(dir, "cluster.json"), JSON.stringify(file));
    expect(readError(dir)).toMatch(/users: no entry for user m2/);
  });
});
