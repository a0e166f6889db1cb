// Config key paths ("machine.clocks.m2.offsetMs" as ["machine", "clocks", "m2", "offsetMs"]):
// reading and setting them in plain objects, showing them, and refusing the keys that could reach
// an object's prototype. Used by the config file reader, the flags, --set and experiment files.

/** A path into a config object; numbers index lists. */
export type ConfigPath = ReadonlyArray<string | number>;

/** Keys that could reach an object's prototype: refused wherever they appear. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** "run.durationS" -> ["run", "durationS"], or null if a key is empty or unsafe. */
export function parseKeyPath(text: string): string[] | null {
  const keys = text.split(".").map((key) => key.trim());
  return keys.some((key) => key === "" || UNSAFE_KEYS.has(key)) ? null : keys;
}

/** The path as users write it: ["machine", "speeds", 0] -> "machine.speeds[0]". */
export function displayPath(path: ConfigPath): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text === "" ? key : `.${key}`;
  }
  return text;
}

/** Whether `prefix` is `path` or an ancestor of it. */
export function isPathPrefix(prefix: ConfigPath, path: ConfigPath): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => String(key) === String(path[i]));
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function getPath(target: unknown, path: ConfigPath): unknown {
  let node = target;
  for (const key of path) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Sets `value` at `path`, making mappings on the way (replacing what is not one). */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  if (path.length === 0 || path.some((key) => UNSAFE_KEYS.has(key))) {
    throw new Error(`setPath: refused path ${path.join(".")}`);
  }
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isMapping(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

/** Every place in a parsed document where an unsafe key appears, e.g. ["machine", "clocks", "__proto__"]. */
export function findUnsafeKeys(value: unknown, path: string[] = []): string[][] {
  if (typeof value !== "object" || value === null) return [];
  return Object.keys(value).flatMap((key) =>
    UNSAFE_KEYS.has(key)
      ? [[...path, key]]
      : findUnsafeKeys((value as Record<string, unknown>)[key], [...path, key]),
  );
}
