// The flags that override config keys: one table, shared by run, router, client and simulate,
// so a flag means the same everywhere and an error can name the flag the user typed.
import { parse as parseYamlScalar } from "yaml";

export interface ConfigFlag {
  /** Commander option name, e.g. "--port <n>". */
  option: string;
  description: string;
  /** Dotted config path it sets (for list-valued flags, the parent path). */
  path: string;
  /** How the flag's text becomes config values: [path, value] pairs. */
  toEntries?: (text: string) => Array<[string, unknown]>;
}

/** "m2=50,m3=-20" -> entries under machine.clocks.<id>.<field>. */
function perMachine(field: "offsetMs" | "driftPpm") {
  return (text: string): Array<[string, unknown]> =>
    text
      .split(",")
      .filter((part) => part.trim() !== "")
      .map((part) => {
        const [id, value] = part.split("=");
        return [`machine.clocks.${id?.trim()}.${field}`, scalar(value ?? "")];
      });
}

/** "sendFirst=1,internal=3" -> machine.actions.<name>. */
function actions(text: string): Array<[string, unknown]> {
  return text.split(",").map((part) => {
    const [name, value] = part.split("=");
    return [`machine.actions.${name?.trim()}`, scalar(value ?? "")];
  });
}

/** A flag's text as YAML would read it: "3" is a number, "true" a boolean, "a" a string. */
export function scalar(text: string): unknown {
  try {
    return parseYamlScalar(text);
  } catch {
    return text;
  }
}

export const CONFIG_FLAGS: ConfigFlag[] = [
  { option: "--machines <n>", description: "number of model machines", path: "run.machines" },
  { option: "--duration <seconds>", description: "run length in seconds", path: "run.durationS" },
  {
    option: "--seed <n>",
    description: "seed for speeds and dice (default: random, recorded)",
    path: "run.seed",
  },
  { option: "--name <name>", description: "run directory name", path: "run.name" },
  { option: "--log-dir <dir>", description: "directory for run directories", path: "run.logDir" },
  {
    option: "--machines-per-process <n>",
    description: "machines hosted per OS process",
    path: "run.machinesPerProcess",
  },
  { option: "--host <address>", description: "router listen address", path: "router.host" },
  { option: "--port <n>", description: "router TCP port", path: "router.port" },
  { option: "--token <secret>", description: "shared token for hello", path: "router.token" },
  { option: "--max-frame-bytes <n>", description: "largest frame accepted", path: "router.maxFrameBytes" },
  { option: "--speed-min <n>", description: "slowest machine speed, ticks/s", path: "machine.speedMin" },
  { option: "--speed-max <n>", description: "fastest machine speed, ticks/s", path: "machine.speedMax" },
  {
    option: "--speeds <list>",
    description: "explicit speeds, e.g. 1,3,6",
    path: "machine.speeds",
    toEntries: (text) => [["machine.speeds", text.split(",").map((s) => scalar(s.trim()))]],
  },
  {
    option: "--actions <weights>",
    description: "action die weights, e.g. sendFirst=1,sendSecond=1,broadcast=1,direct=0,internal=7",
    path: "machine.actions",
    toEntries: actions,
  },
  {
    option: "--vector-clocks <mode>",
    description: "auto | true | false",
    path: "machine.vectorClocks",
  },
  { option: "--payload-bytes <n>", description: "payload size per message", path: "machine.payloadBytes" },
  {
    option: "--offsets <list>",
    description: "physical clock offsets, e.g. m2=50,m3=-20 (ms)",
    path: "machine.clocks",
    toEntries: perMachine("offsetMs"),
  },
  {
    option: "--drifts <list>",
    description: "physical clock drift, e.g. m2=100 (ppm)",
    path: "machine.clocks",
    toEntries: perMachine("driftPpm"),
  },
];

/** Commander's camelCase attribute name for an option string: "--log-dir <dir>" -> "logDir". */
export function optionAttribute(option: string): string {
  const long = option.split(" ")[0]!.replace(/^--/, "");
  return long.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The hidden flag by which the launcher hands a child process the config it resolved. */
export const RESOLVED_CONFIG_OPTION = "--resolved-config <json>";
