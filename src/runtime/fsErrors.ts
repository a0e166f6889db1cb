// File-system errors in words a user can act on: "no space left on device (ENOSPC)" instead of a
// stack trace, named with the file that could not be written or read.
import { UserError } from "../core/userError.ts";

const MEANINGS: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOENT: "no such file or directory",
  ENOTDIR: "a part of the path is not a directory",
  EISDIR: "is a directory",
  EMFILE: "too many open files",
  EEXIST: "already exists",
  EIO: "input/output error",
};

export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** "no space left on device (ENOSPC)", or the error's own message. */
export function describeFsError(error: unknown): string {
  const code = errnoCode(error);
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  return `${MEANINGS[code] ?? "failed"} (${code})`;
}

/** A UserError for a file operation that failed: `cannot write logs/r/m1.jsonl: no space left on device (ENOSPC)`. */
export function fsUserError(action: string, path: string, error: unknown): UserError {
  return new UserError(`cannot ${action} ${path}: ${describeFsError(error)}`);
}
