// Finds the nats-server executable (from --nats-server, else PATH, else Debian's /usr/sbin, which a
// normal user's PATH often lacks) and reads its version, or explains how to install it.
import { execFileSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { UserError } from "../../core/userError.ts";

export const INSTALL_HINT =
  "install it with `apt-get install nats-server` (Debian/Ubuntu) or from https://nats.io, " +
  "or pass its path with --nats-server PATH";

export interface NatsServerBinary {
  path: string;
  /** e.g. "2.9.10" */
  version: string;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function defaultSearchDirs(): string[] {
  const fromPath = (process.env.PATH ?? "").split(delimiter).filter((dir) => dir !== "");
  return [...fromPath, "/usr/sbin", "/usr/local/sbin", "/usr/local/bin"];
}

export function findNatsServer(
  explicitPath?: string,
  searchDirs: string[] = defaultSearchDirs(),
): NatsServerBinary {
  let path: string | undefined;
  if (explicitPath !== undefined) {
    if (!isExecutableFile(explicitPath)) {
      throw new UserError(
        `--nats-server ${explicitPath}: no executable file there; expected the path of nats-server ` +
          "(install it with `apt-get install nats-server`, or from https://nats.io)",
      );
    }
    path = explicitPath;
  } else {
    path = searchDirs.map((dir) => join(dir, "nats-server")).find(isExecutableFile);
    if (path === undefined) {
      throw new UserError(`nats-server not found on PATH or in /usr/sbin: ${INSTALL_HINT}`);
    }
  }
  return { path, version: readVersion(path) };
}

function readVersion(path: string): string {
  let output: string;
  try {
    output = execFileSync(path, ["--version"], { encoding: "utf8", timeout: 10_000 });
  } catch (error) {
    throw new UserError(
      `${path} --version failed (${(error as Error).message.split("\n")[0]}); expected a working nats-server (${INSTALL_HINT})`,
    );
  }
  const match = /v?(\d+\.\d+\.\d+\S*)/.exec(output);
  if (match === null) {
    throw new UserError(
      `${path} --version printed ${JSON.stringify(output.trim())}; expected nats-server's version`,
    );
  }
  return match[1]!;
}
