// The flags that override config keys: one table, so a flag means the same in every command that
// takes it, --help can show its default, and an error can name the flag the user typed. This file
// is loaded by every --help: it must not load zod or a YAML parser (flag text is read by the key's
// type later, in applyFlags.ts; the --fault shorthand's reader is plain code without either).
import { parseFaultShorthand } from "../../core/faults/parseShorthand.ts";

/** The commands that take config flags. */
export type ConfigCommand = "run" | "router" | "client" | "simulate";

export interface ConfigFlag {
  /** Commander option name, e.g. "--port <n>". */
  option: string;
  description: string;
  /** A different description for some commands (the client connects where the router listens). */
  descriptionFor?: Partial<Record<ConfigCommand, string>>;
  /** Dotted config path it sets (for flags that set several keys, the parent path). */
  path: string;
  /** The commands it applies to: only these list and accept it. */
  commands: readonly ConfigCommand[];
  /** Splits the flag's text into [config path, text of that key] entries; default: all of it for `path`. */
  toEntries?: (text: string) => Array<[string[], string]>;
  /** The config path whose default --help shows, when it is not `path` itself. */
  defaultPath?: string;
  /** What --help says when the default is null (or an empty list). */
  whenNull?: string;
  /**
   * For a flag given once per entry of the list at `path` (--fault a --fault b): reads one text
   * into one entry, appended after the config file and --set; or a message naming what was wrong.
   */
  toListEntry?: (text: string) => { ok: true; entry: unknown } | { ok: false; message: string };
}

const LIVE: readonly ConfigCommand[] = ["run", "router", "client"];
const MODEL: readonly ConfigCommand[] = ["run", "router", "simulate"];

/** "m2=50,m3=-20" -> machine.clocks.<id>.<field> entries. */
function perMachine(field: "offsetMs" | "driftPpm") {
  return (text: string): Array<[string[], string]> =>
    text
      .split(",")
      .filter((part) => part.trim() !== "")
      .map((part) => {
        const [id = "", value = ""] = part.split("=");
        return [["machine", "clocks", id.trim(), field], value.trim()];
      });
}

/** "sendFirst=1,internal=3" -> machine.actions.<name> entries. */
function actionWeights(text: string): Array<[string[], string]> {
  return text.split(",").map((part) => {
    const [name = "", value = ""] = part.split("=");
    return [["machine", "actions", name.trim()], value.trim()];
  });
}

export const CONFIG_FLAGS: readonly ConfigFlag[] = [
  {
    option: "--machines <n>",
    description: "number of model machines",
    path: "run.machines",
    commands: MODEL,
  },
  {
    option: "--duration <seconds>",
    description: "run length in seconds",
    descriptionFor: { simulate: "run length in virtual seconds" },
    path: "run.durationS",
    commands: MODEL,
  },
  {
    option: "--seed <n>",
    description: "seed for speeds and dice",
    path: "run.seed",
    commands: MODEL,
    whenNull: "random, recorded in run.json",
  },
  {
    option: "--name <name>",
    description: "run directory name",
    path: "run.name",
    commands: MODEL,
    whenNull: "a timestamp",
  },
  {
    option: "--log-dir <dir>",
    description: "directory for run directories",
    path: "run.logDir",
    commands: [...MODEL, "client"],
  },
  {
    option: "--machines-per-process <n>",
    description: "machines hosted per OS process; 0: one each up to 16 machines, then 2 processes per core",
    path: "run.machinesPerProcess",
    commands: ["run"],
  },
  {
    option: "--host <address>",
    description: "router listen address",
    descriptionFor: { client: "address of the router to connect to (or --router HOST:PORT)" },
    path: "router.host",
    commands: LIVE,
  },
  {
    option: "--port <n>",
    description: "router TCP port",
    descriptionFor: { client: "TCP port of the router to connect to" },
    path: "router.port",
    commands: LIVE,
  },
  {
    option: "--token <secret>",
    description: "shared token for hello",
    path: "router.token",
    commands: LIVE,
    whenNull: "none",
  },
  {
    option: "--max-frame-bytes <n>",
    description: "largest frame accepted",
    path: "router.maxFrameBytes",
    commands: LIVE,
  },
  {
    option: "--speed-min <n>",
    description: "slowest machine speed, ticks/s",
    path: "machine.speedMin",
    commands: MODEL,
  },
  {
    option: "--speed-max <n>",
    description: "fastest machine speed, ticks/s",
    path: "machine.speedMax",
    commands: MODEL,
  },
  {
    option: "--speeds <list>",
    description: "explicit speeds, one per machine, e.g. 1,3,6",
    path: "machine.speeds",
    commands: MODEL,
    whenNull: "drawn from the seed between --speed-min and --speed-max",
  },
  {
    option: "--actions <weights>",
    description: "action die weights, e.g. sendFirst=1,internal=3",
    path: "machine.actions",
    commands: MODEL,
    toEntries: actionWeights,
  },
  {
    option: "--vector-clocks <mode>",
    description: "auto | true | false",
    path: "machine.vectorClocks",
    commands: MODEL,
  },
  {
    option: "--payload-bytes <n>",
    description: "payload size per message",
    path: "machine.payloadBytes",
    commands: MODEL,
  },
  {
    option: "--offsets <list>",
    description: "physical clock offsets, e.g. m2=50,m3=-20 (ms)",
    path: "machine.clocks",
    commands: MODEL,
    toEntries: perMachine("offsetMs"),
    defaultPath: "machine.clock.offsetMs",
  },
  {
    option: "--drifts <list>",
    description: "physical clock drift, e.g. m2=100 (ppm)",
    path: "machine.clocks",
    commands: MODEL,
    toEntries: perMachine("driftPpm"),
    defaultPath: "machine.clock.driftPpm",
  },
  {
    option: "--fault <text>",
    description:
      "inject a fault, e.g. 'partition m1 | m2,m3 at 10s for 15s' or 'loss 5%'; repeat for more " +
      "(added to the config's faults: list; see docs/faults.md)",
    path: "faults",
    commands: MODEL,
    whenNull: "no faults",
    toListEntry: (text) => {
      const parsed = parseFaultShorthand(text);
      return parsed.ok ? { ok: true, entry: parsed.spec } : parsed;
    },
  },
];

/** Commander's camelCase attribute name for an option string: "--log-dir <dir>" -> "logDir". */
export function optionAttribute(option: string): string {
  const long = option.split(" ")[0]!.replace(/^--/, "");
  return long.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The flag itself, without its argument: "--log-dir <dir>" -> "--log-dir". */
export function flagName(flag: ConfigFlag): string {
  return flag.option.split(" ")[0]!;
}

/** The hidden flag by which the launcher hands a child process the config it resolved. */
export const RESOLVED_CONFIG_OPTION = "--config-from-parent";
