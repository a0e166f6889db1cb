// Why a file could not be written, in words, from the error's code (ENOENT, EISDIR, ...), with the
// code itself kept at the end for searching.
import { dirname } from "node:path";

export function cannotWriteReason(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const words: Record<string, string> = {
    ENOENT: `${dirname(path)} does not exist`,
    ENOTDIR: `${dirname(path)} is not a directory`,
    EISDIR: "it is a directory",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "the file system is read-only",
    ENOSPC: "no space left on the device",
    EDQUOT: "the disk quota is used up",
  };
  if (code === undefined) return String(error);
  return `${words[code] ?? "the system refused"} (${code})`;
}
