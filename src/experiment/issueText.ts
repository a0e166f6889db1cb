// Zod issues as plain words: where (a path written as in the YAML file, e.g. variations[1].set)
// and what was expected. Shared by the experiment file check and the config override check.
import type { z } from "zod";

/** ["variations", 1, "name"] -> "variations[1].name". */
export function displayPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text === "" ? String(key) : `.${String(key)}`;
  }
  return text;
}

export function getPath(target: unknown, path: readonly PropertyKey[]): unknown {
  let node = target;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

export function describeValue(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

export function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "too_big":
      return issue.origin === "array"
        ? `at most ${String(issue.maximum)} entries`
        : `a value ${issue.inclusive ? "at most" : "below"} ${String(issue.maximum)}`;
    case "too_small":
      return issue.origin === "array"
        ? `at least ${String(issue.minimum)} entries`
        : `a value ${issue.inclusive ? "at least" : "above"} ${String(issue.minimum)}`;
    case "invalid_type":
      return issue.expected === "record" ? "a mapping of keys to values" : `a ${issue.expected}`;
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_union":
      return '"auto", true or false';
    case "invalid_format":
      return issue.message;
    default:
      return issue.message;
  }
}
