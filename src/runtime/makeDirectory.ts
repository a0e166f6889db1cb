// mkdir -p that reports the real cause. Node's recursive mkdirSync says ENOENT when a directory
// cannot be made on a read-only file system (it meets EROFS, retries the parent, and keeps the
// parent's error), so a read-only log directory looked like a missing one. This makes each
// missing level itself, from the deepest one that exists, and so fails with the error that
// stopped it: EROFS, EACCES, ENOTDIR, ENOSPC.
import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";

export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!exists(at)) {
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      mkdirSync(missing[i]!);
    } catch (error) {
      // Made meanwhile by another process of the run (the router and a machine at once).
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  // Throws ENOTDIR when what is there is a file, as mkdir -p does.
  if (!statSync(dir).isDirectory()) mkdirSync(dir);
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
