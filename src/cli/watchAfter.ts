// The live view for other commands: `run --watch` follows its run as it is written and keeps the
// page up after the run, `simulate --watch --speed 10` replays the finished simulation in real time
// at that speed. Either way the page stays until Ctrl-C.
import { UserError } from "../core/userError.ts";

export interface WatchFlags {
  watch?: true;
  watchPort?: string;
  speed?: string;
}

export function watchPort(flags: WatchFlags): number | undefined {
  if (flags.watchPort === undefined) return undefined;
  const port = Number(flags.watchPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserError(`--watch-port ${flags.watchPort}: expected a port from 0 to 65535`);
  }
  return port;
}

export function replaySpeed(flags: WatchFlags): number {
  if (flags.speed === undefined) return 1;
  const speed = Number(flags.speed);
  if (!(speed > 0 && speed <= 10_000))
    throw new UserError(`--speed ${flags.speed}: expected a number above 0 (times real time)`);
  if (flags.watch !== true)
    throw new UserError("--speed goes with --watch: it is the live view's replay speed");
  return speed;
}

export interface StartedWatch {
  url: string;
  close(): Promise<void>;
}

/** Starts the live view on `runDir` and prints its URL. */
export async function openWatch(
  runDir: string,
  flags: WatchFlags,
  replay: number | null,
  allowEmpty: boolean,
): Promise<StartedWatch> {
  const { startWatch } = await import("./actions/watch.ts");
  const port = watchPort(flags);
  const handle = await startWatch({
    runDir,
    allowEmpty,
    ...(replay === null ? {} : { speed: replay }),
    ...(port === undefined ? {} : { port }),
  });
  process.stderr.write(`clocklab: live view at ${handle.url}\n`);
  return handle;
}

/** Keeps the page up after the command's work is done, until Ctrl-C. */
export function serveUntilInterrupted(handle: StartedWatch): Promise<void> {
  process.stderr.write(`clocklab: the live view stays at ${handle.url}; Ctrl-C to stop\n`);
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void handle.close().then(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
