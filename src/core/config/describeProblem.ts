// A config problem as one line: the place (which the caller names: "run.machines (from
// --machines 1)", "variations[1].set.machine.speedMin"), then the value and what was expected.
import { type ConfigPath, displayPath } from "./keyPath.ts";
import type { ConfigProblem } from "./problems.ts";
import { isSecretPath } from "./secretKeys.ts";

/** Names the place of a problem; `paths` are the keys involved, the one to blame first. */
export type PlaceOf = (paths: readonly ConfigPath[]) => string;

const MAX_SHOWN_CHARS = 80;

/** A value as the user would have written it, shortened; a secret only by its length. */
export function describeValue(value: unknown, path: ConfigPath = []): string {
  if (value === undefined) return "nothing";
  if (isSecretPath(path) && typeof value === "string")
    return `a ${value.length}-character secret (not shown)`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS - 3)}...` : text;
}

function allowedKeys(path: ConfigPath, allowed: readonly string[]): string {
  if (allowed.length === 0) return "expected one of the keys listed in config/config.yaml";
  const parent = path.slice(0, -1);
  return `expected one of ${allowed.join(", ")}${parent.length > 0 ? ` under ${displayPath(parent)}` : ""}`;
}

export function describeProblem(problem: ConfigProblem, placeOf: PlaceOf): string {
  switch (problem.kind) {
    case "value":
      return `${placeOf([problem.path])}: got ${describeValue(problem.value, problem.path)}; expected ${problem.expected}`;
    case "unknownKey": {
      const guess = problem.suggestion === null ? "" : `; did you mean ${problem.suggestion}?`;
      const value =
        problem.value === undefined ? "" : ` (value ${describeValue(problem.value, problem.path)})`;
      return `${placeOf([problem.path])}: unknown key; ${allowedKeys(problem.path, problem.allowed)}${guess}${value}`;
    }
    case "conflict":
      return `${placeOf(problem.paths)}: ${problem.message}`;
  }
}
