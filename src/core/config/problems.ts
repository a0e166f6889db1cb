// A config problem as plain data: which key, what it was set to, what was expected and (for an
// unknown key) the nearest allowed one. Where the value came from is the caller's to say (a flag,
// --set, a file, a place in an experiment file): describeProblem.ts puts the two together.
import type { z } from "zod";
import { expectedValue } from "./expectedValue.ts";
import { type ConfigPath, getPath } from "./keyPath.ts";
import { nearestKey } from "./nearestKey.ts";
import { keysAt, schemaAt } from "./schemaWalk.ts";

export type ConfigProblem =
  | {
      kind: "value";
      path: ConfigPath;
      /** The value found there (undefined: nothing was given). */
      value: unknown;
      expected: string;
    }
  | {
      kind: "unknownKey";
      path: ConfigPath;
      value: unknown;
      /** The keys allowed beside it. */
      allowed: string[];
      /** The allowed key nearest to the mistyped one, if any is near. */
      suggestion: string | null;
    }
  | {
      /** A rule between keys: `paths` are the keys involved, the one to blame first. */
      kind: "conflict";
      paths: ConfigPath[];
      message: string;
    };

function pathOf(path: readonly PropertyKey[]): Array<string | number> {
  return path.map((key) => (typeof key === "number" ? key : String(key)));
}

/** The problems zod found in `raw` (validated against `root`), in words and with suggestions. */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  root: z.ZodType,
  raw: unknown,
): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    const path = pathOf(issue.path);
    if (issue.code === "unrecognized_keys") {
      const allowed = keysAt(root, path);
      return issue.keys.map((key) => ({
        kind: "unknownKey",
        path: [...path, key],
        value: getPath(raw, [...path, key]),
        allowed,
        suggestion: nearestKey(key, allowed),
      }));
    }
    const value = issue.code === "invalid_key" ? path.at(-1) : getPath(raw, path);
    return [{ kind: "value", path, value, expected: expectedValue(issue, schemaAt(root, path)) }];
  });
}
