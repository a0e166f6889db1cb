// Where a run over NATS connects and as whom: the cluster's server URLs and each user's seed file,
// from a cluster directory (`clocklab cluster up`), from --nats and --creds given by hand, or both
// (the directory's URLs with credentials from elsewhere). Every gap is a UserError that says what
// to give instead.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ClocklabConfig } from "../../core/config.ts";
import { UserError } from "../../core/userError.ts";
import { type Cluster, clusterFilePath, credentialsFileFor, readClusterFile } from "./clusterFile.ts";
import { COORDINATOR_USER, credentialsFileName } from "./credentials.ts";
import { DEFAULT_CLUSTER_DIR } from "./defaultClusterDir.ts";

export interface NatsEndpoint {
  urls: string[];
  /** The seed file of a machine id, or of the coordinator (COORDINATOR_USER). */
  credsFor(id: string): string;
  /** The cluster file read, when there was one (for its stoppedAt in messages). */
  cluster: Cluster | null;
}

export { COORDINATOR_USER };

function splitUrls(text: string): string[] {
  return text
    .split(",")
    .map((url) => url.trim())
    .filter((url) => url !== "");
}

/** A --creds path: a directory of `<id>.nk` files, or one file used for the one id it belongs to. */
function credsFromPath(path: string, id: string): string {
  let directory: boolean;
  try {
    directory = statSync(path).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UserError(
      `--creds ${path}: cannot read it (${code}); expected a directory of <id>.nk seed files or one .nk file`,
    );
  }
  return directory ? join(path, credentialsFileName(id)) : path;
}

export function natsEndpoint(config: ClocklabConfig): NatsEndpoint {
  const { urls, creds } = config.nats;
  // Given nothing, a local cluster started by `clocklab cluster up` in this directory is the one.
  const clusterDir =
    config.nats.cluster ??
    (urls === null && existsSync(clusterFilePath(DEFAULT_CLUSTER_DIR)) ? DEFAULT_CLUSTER_DIR : null);
  const cluster = clusterDir === null ? null : readClusterFile(clusterDir);
  const urlList = urls !== null ? splitUrls(urls) : (cluster?.urls ?? []);
  if (urlList.length === 0) {
    throw new UserError(
      "run.transport is nats but no NATS servers were given; expected --cluster DIR (written by " +
        `\`clocklab cluster up\`; ${DEFAULT_CLUSTER_DIR} is used when it is there) or --nats nats://host:port[,...] with --creds`,
    );
  }
  if (creds === null && cluster === null) {
    throw new UserError(
      `--nats ${urlList.join(",")}: no credentials; expected --creds (a directory of <id>.nk seed files ` +
        "or one .nk file, written by `clocklab cluster config`) or --cluster DIR",
    );
  }
  const credsFor =
    creds !== null
      ? (id: string) => credsFromPath(creds, id)
      : (id: string) => credentialsFileFor(cluster as Cluster, id);
  return { urls: urlList, cluster, credsFor };
}
