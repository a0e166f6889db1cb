// Per-user NATS credentials: one nkey user per machine and one for the coordinator. The public key
// goes into every server's config; the seed (the secret that proves the identity) goes into a
// file readable only by its owner (mode 0600), one file per user, to hand to that user alone.
// Seeds are never printed or logged.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { coordinatorPermissions, machinePermissions } from "../../core/nats/subjects.ts";
import type { ClusterUser } from "./clusterConfig.ts";
import { createUserKeys } from "./nativeNkeys.ts";

export const COORDINATOR_USER = "coordinator";
export const CREDENTIALS_DIR = "creds";
export const SEED_FILE_SUFFIX = ".nk";

export interface GeneratedUser extends ClusterUser {
  seed: Uint8Array;
}

export function credentialsFileName(id: string): string {
  return `${id}${SEED_FILE_SUFFIX}`;
}

/** Fresh keys for the machines (with their permissions) and the coordinator. */
export function generateUsers(machineIds: string[]): GeneratedUser[] {
  const user = (id: string, permissions: ClusterUser["permissions"]): GeneratedUser => {
    const { seed, publicKey } = createUserKeys();
    return { id, publicKey, permissions, seed };
  };
  return [
    ...machineIds.map((id) => user(id, machinePermissions(id))),
    user(COORDINATOR_USER, coordinatorPermissions()),
  ];
}

/** Writes one seed file per user into `dir` (created 0700); returns id -> file name. */
export function writeSeedFiles(dir: string, users: GeneratedUser[]): Record<string, string> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const files: Record<string, string> = {};
  for (const user of users) {
    const name = credentialsFileName(user.id);
    const path = join(dir, name);
    writeFileSync(path, `${new TextDecoder().decode(user.seed)}\n`, { mode: 0o600 });
    chmodSync(path, 0o600); // an existing file keeps its mode on overwrite
    files[user.id] = name;
  }
  return files;
}

/** The users without their seeds, for server configs and cluster.json. */
export function publicUsers(users: GeneratedUser[]): ClusterUser[] {
  return users.map(({ id, publicKey, permissions }) => ({ id, publicKey, permissions }));
}
