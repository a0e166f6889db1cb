// Applies config flags and --set key=value to a raw config, each value read by the type of the key
// it sets, and records which flag or --set set each key so errors can name it. Flags that add list
// entries (--fault) come last, appended to whatever the file and --set gave, each entry's origin
// being its own text.
import { getPath, parseKeyPath, setPath, UNSAFE_KEYS, valueFromText } from "../../core/config.ts";
import { faultFlagText } from "../../core/faults/parseShorthand.ts";
import { UserError } from "../../core/userError.ts";
import { CONFIG_FLAGS, flagName, optionAttribute } from "./flags.ts";

/** Dotted path -> the flag or --set that set it, e.g. "--speeds". */
export type FlagOrigins = Map<string, string>;

function applyFlagValues(
  raw: Record<string, unknown>,
  options: Record<string, unknown>,
  origins: FlagOrigins,
) {
  for (const flag of CONFIG_FLAGS) {
    const text = options[optionAttribute(flag.option)];
    if (typeof text !== "string" || flag.toListEntry !== undefined) continue;
    const name = flagName(flag);
    // The flag alone: its value is shown beside the key, and a secret is never echoed.
    const origin = name;
    const entries = flag.toEntries?.(text) ?? [[flag.path.split("."), text]];
    for (const [path, valueText] of entries) {
      if (path.some((key) => key === "" || UNSAFE_KEYS.has(key))) {
        throw new UserError(
          `${origin}: "${path.join(".")}" is not a config key path; expected ${flag.description}`,
        );
      }
      setPath(raw, path, valueFromText(path, valueText));
      origins.set(path.join("."), origin);
    }
  }
}

function applySets(raw: Record<string, unknown>, sets: unknown, origins: FlagOrigins) {
  for (const assignment of Array.isArray(sets) ? sets : []) {
    const text = String(assignment);
    const equals = text.indexOf("=");
    if (equals <= 0) throw new UserError(`--set ${text}: expected key=value, e.g. --set run.durationS=10`);
    const keyText = text.slice(0, equals).trim();
    const path = parseKeyPath(keyText);
    if (path === null) {
      throw new UserError(
        `--set ${text}: "${keyText}" is not a config key path; expected keys like machine.speedMin`,
      );
    }
    setPath(raw, path, valueFromText(path, text.slice(equals + 1)));
    origins.set(path.join("."), "--set");
  }
}

/** Appends one entry per text of each list flag (--fault); a text that does not read is refused. */
function applyListFlags(
  raw: Record<string, unknown>,
  options: Record<string, unknown>,
  origins: FlagOrigins,
) {
  for (const flag of CONFIG_FLAGS) {
    const given = options[optionAttribute(flag.option)];
    if (flag.toListEntry === undefined || given === undefined) continue;
    const texts = (Array.isArray(given) ? given : [given]).map(String);
    const path = flag.path.split(".");
    const list = getPath(raw, path) ?? [];
    // A list that is not one is the file's to answer for; the schema names it.
    if (!Array.isArray(list)) continue;
    for (const text of texts) {
      const read = flag.toListEntry(text);
      if (!read.ok) throw new UserError(read.message);
      origins.set([...path, list.length].join("."), faultFlagText(text));
      list.push(read.entry);
    }
    setPath(raw, path, list);
  }
}

/** Sets every config flag in `options`, then every --set, then appends list flags' entries; returns their origins. */
export function applyConfigFlags(
  raw: Record<string, unknown>,
  options: Record<string, unknown>,
): FlagOrigins {
  const origins: FlagOrigins = new Map();
  applyFlagValues(raw, options, origins);
  applySets(raw, options.set, origins);
  applyListFlags(raw, options, origins);
  return origins;
}
