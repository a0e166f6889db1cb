// Config keys whose values are secrets: never echoed in an error, a log or a report.
import { type ConfigPath, isPathPrefix } from "./keyPath.ts";

const SECRET_PATHS: readonly ConfigPath[] = [["router", "token"]];

export function isSecretPath(path: ConfigPath): boolean {
  return SECRET_PATHS.some((secret) => isPathPrefix(secret, path));
}
