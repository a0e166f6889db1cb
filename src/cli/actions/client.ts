// What `clocklab client` does once its flags are parsed: checks them and hosts the machines.
import { MACHINE_ID_PATTERN, RESERVED_IDS } from "../../core/protocol.ts";
import { escapeForTerminal } from "../../core/terminalText.ts";
import { UserError } from "../../core/userError.ts";
import { hostMachines } from "../../runtime/machineHost.ts";
import { resolveCommandConfig } from "../config/resolveCommandConfig.ts";

export type ClientCommandOptions = Record<string, unknown> & {
  id?: string;
  ids?: string;
  router?: string;
  speed?: string;
  connectTimeout?: string;
  clocksFromZero?: true;
};

export async function runClientCommand(options: ClientCommandOptions): Promise<void> {
  const ids = parseIds(options.id, options.ids);
  const config = await resolveCommandConfig(options);
  if (options.router !== undefined) {
    const match = /^(.+):(\d{1,5})$/.exec(options.router);
    const port = Number(match?.[2]);
    if (match === null || port < 1 || port > 65535) {
      throw new UserError(`--router ${options.router}: expected HOST:PORT, e.g. 127.0.0.1:7400`);
    }
    config.router.host = match[1]!.replace(/^\[(.*)\]$/, "$1");
    config.router.port = port;
  }
  const speed = options.speed === undefined ? undefined : Number(options.speed);
  if (speed !== undefined && !(speed > 0 && speed <= 100_000)) {
    throw new UserError(
      `--speed ${options.speed}: expected ticks per second, a number above 0 and at most 100000`,
    );
  }
  const timeoutS = Number(options.connectTimeout ?? "10");
  if (!(timeoutS >= 0))
    throw new UserError(`--connect-timeout ${options.connectTimeout}: expected seconds >= 0`);
  const ends = await hostMachines({
    config,
    ids,
    ...(speed !== undefined ? { ticksPerSecond: speed } : {}),
    connectTimeoutMs: timeoutS * 1000,
    resumeClocks: options.clocksFromZero === true ? "zero" : "log",
    onNotice: (text) => process.stderr.write(`clocklab client: ${escapeForTerminal(text)}\n`),
    onHeartbeat: (text) => process.stdout.write(`clocklab client: ${escapeForTerminal(text)}\n`),
  });
  for (const end of ends) {
    process.stdout.write(
      `clocklab client: ${end.id} stopped (${escapeForTerminal(end.reason)}) after ${end.ticks} ticks; ` +
        `${end.runDir === null ? "no log written (it took no part in a run)" : `log in ${end.runDir}`}\n`,
    );
  }
  if (ends.some((end) => end.reason === "SIGINT" || end.reason === "SIGTERM")) process.exitCode = 130;
}

function parseIds(id: string | undefined, ids: string | undefined): string[] {
  const list = [...(id !== undefined ? [id] : []), ...(ids?.split(",").map((s) => s.trim()) ?? [])].filter(
    Boolean,
  );
  if (list.length === 0) throw new UserError("client: no machine id; expected --id m1 (or --ids m1,m2)");
  for (const candidate of list) {
    if (RESERVED_IDS.has(candidate.toLowerCase())) {
      throw new UserError(
        `--id ${candidate}: that name is reserved for a file of the run directory; expected another id`,
      );
    }
    if (!MACHINE_ID_PATTERN.test(candidate)) {
      throw new UserError(
        `--id ${candidate}: expected 1-64 characters of A-Z a-z 0-9 _ . - starting with a letter or digit`,
      );
    }
  }
  if (new Set(list).size !== list.length)
    throw new UserError(`--ids ${list.join(",")}: ids must be distinct`);
  return list;
}
