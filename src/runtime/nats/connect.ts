// Connects to a clocklab NATS cluster as one user (a machine or the coordinator), authenticating
// with that user's nkey seed file. Keeps trying the cluster's URLs until a deadline, so a client
// started a moment before its servers still connects; refused credentials fail at once. Every
// failure is a UserError naming the URLs tried and the credentials file (never the seed).
import { readFileSync } from "node:fs";
import { fromSeed } from "@nats-io/nkeys";
import {
  AuthorizationError,
  connect,
  type NatsConnection,
  type NodeConnectionOptions,
} from "@nats-io/transport-node";
import { UserError } from "../../core/userError.ts";
import type { Cluster } from "./clusterFile.ts";
import { fastNkeyAuthenticator } from "./nativeNkeys.ts";

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface ConnectAsOptions {
  /** How long to keep trying before giving up (default 10 s). */
  timeoutMs?: number;
  /** Client name the servers' monitoring shows, e.g. the machine id. */
  name?: string;
  /** Anything else for the NATS client (reconnect policy, ...); servers and authentication are set here. */
  connection?: Omit<NodeConnectionOptions, "servers" | "authenticator" | "timeout">;
}

/** Reads and checks a seed file; the seed itself never appears in an error. */
export function readSeedFile(credsFile: string): Uint8Array {
  let text: string;
  try {
    text = readFileSync(credsFile, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      `${credsFile}: cannot read the credentials file (${code ?? (error as Error).message}); ` +
        "expected an nkey seed file written by `clocklab cluster up` or `clocklab cluster config` (creds/<id>.nk)",
    );
  }
  const seed = new TextEncoder().encode(text.trim());
  let valid = text.trim().startsWith("SU");
  if (valid) {
    try {
      fromSeed(seed);
    } catch {
      valid = false;
    }
  }
  if (!valid) {
    throw new UserError(
      `${credsFile}: not an nkey user seed; expected one line starting with "SU" as written by \`clocklab cluster\``,
    );
  }
  return seed;
}

function clusterUrls(target: Cluster | string[] | string): { urls: string[]; stoppedAt: string | null } {
  if (typeof target === "string")
    return {
      urls: target
        .split(",")
        .map((url) => url.trim())
        .filter((url) => url !== ""),
      stoppedAt: null,
    };
  if (Array.isArray(target)) return { urls: target, stoppedAt: null };
  return { urls: target.urls, stoppedAt: target.stoppedAt };
}

function errorText(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  const message = (error as Error).message ?? String(error);
  return cause !== undefined && cause !== message ? `${message}: ${cause}` : message;
}

/**
 * A connection to the cluster (a cluster file read by readClusterFile, a URL list, or "url,url")
 * as the user whose seed is in `credsFile`.
 */
export async function connectAs(
  target: Cluster | string[] | string,
  credsFile: string,
  options: ConnectAsOptions = {},
): Promise<NatsConnection> {
  const { urls, stoppedAt } = clusterUrls(target);
  if (urls.length === 0)
    throw new UserError("no NATS server URLs to connect to; expected nats://host:port[,...]");
  const authenticator = fastNkeyAuthenticator(readSeedFile(credsFile));
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const tried = urls.join(", ");
  let lastError = "no attempt";
  for (let delayMs = 50; ; delayMs = Math.min(delayMs * 2, 1000)) {
    const remainingMs = Math.max(1, deadline - Date.now());
    try {
      return await connect({
        ...options.connection,
        servers: urls,
        authenticator,
        timeout: remainingMs,
        ...(options.name !== undefined ? { name: options.name } : {}),
      });
    } catch (error) {
      if (error instanceof AuthorizationError && !/authentication timeout/i.test(error.message)) {
        throw new UserError(
          `the NATS server refused the credentials in ${credsFile} (${error.message}) at ${tried}; ` +
            "expected the seed of a user this cluster knows (a cluster started again has new keys: " +
            "use the credentials it wrote)",
        );
      }
      lastError = errorText(error);
    }
    if (Date.now() + delayMs >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  const stopped = stoppedAt !== null ? `; its cluster file says it was stopped at ${stoppedAt}` : "";
  throw new UserError(
    `cannot connect to the NATS cluster at ${tried} within ${(timeoutMs / 1000).toFixed(1)} s ` +
      `(${lastError})${stopped}; expected running nats-server nodes there (start them with \`clocklab cluster up\`)`,
  );
}
