// What `clocklab watch` does: wires the run-directory reader (src/analysis/tail) into the live
// view's server (src/runtime/watch), prints the page's URL and serves until Ctrl-C. `startWatch`
// is the same for other commands (`run --watch`, `simulate --watch --speed 10`).
import { createWatchSource } from "../../analysis/tail/watchSource.ts";
import { UserError } from "../../core/userError.ts";
import { openInBrowser } from "../../runtime/watch/openBrowser.ts";
import { DEFAULT_WATCH_PORT, startWatchServer } from "../../runtime/watch/watchServer.ts";

export interface StartWatchOptions {
  /** A run directory, or a directory of runs. */
  runDir: string;
  /** Replay at this speed (× real time) instead of following the files as they grow. */
  speed?: number;
  /** Default 7410; 0 picks a free port. */
  port?: number;
  host?: string;
  token?: string;
  /** Open the page in the default browser. */
  open?: boolean;
  /** Accept an empty directory as a run about to be written (for `run --watch`). */
  allowEmpty?: boolean;
  /** How often the logs are polled, ms (default 50). */
  pollMs?: number;
}

export interface WatchHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface WatchCommandOptions {
  port?: string;
  host?: string;
  token?: string;
  replay?: boolean;
  speed?: string;
  open?: boolean;
}

const MAX_SPEED = 100_000;

export async function startWatch(options: StartWatchOptions): Promise<WatchHandle> {
  const source = createWatchSource({
    dir: options.runDir,
    replaySpeed: options.speed ?? null,
    allowEmpty: options.allowEmpty ?? false,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  try {
    const server = await startWatchServer({
      source,
      port: options.port ?? DEFAULT_WATCH_PORT,
      ...(options.host === undefined ? {} : { host: options.host }),
      token: options.token ?? null,
    });
    if (options.open) openInBrowser(server.url);
    return {
      url: server.url,
      port: server.port,
      close: async () => {
        await server.close();
        await source.close();
      },
    };
  } catch (error) {
    await source.close();
    throw error;
  }
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_WATCH_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    throw new UserError(`--port ${value}: expected a port number 0-65535 (0 picks a free one)`);
  }
  return port;
}

function parseSpeed(options: WatchCommandOptions): number | undefined {
  if (options.speed === undefined) return options.replay ? 1 : undefined;
  const speed = Number(options.speed);
  if (options.speed.trim() === "" || !Number.isFinite(speed) || speed <= 0 || speed > MAX_SPEED) {
    throw new UserError(`--speed ${options.speed}: expected a factor > 0 and <= ${MAX_SPEED}, e.g. 10`);
  }
  return speed;
}

export async function runWatchCommand(dir: string, options: WatchCommandOptions): Promise<void> {
  const port = parsePort(options.port);
  const speed = parseSpeed(options);
  const token = options.token ?? process.env.CLOCKLAB_WATCH_TOKEN;
  if (token !== undefined && token.length < 8) {
    throw new UserError("--token: expected a secret of at least 8 characters");
  }
  const handle = await startWatch({
    runDir: dir,
    port,
    ...(speed === undefined ? {} : { speed }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(token === undefined ? {} : { token }),
    open: options.open === true,
  });
  const what = speed === undefined ? `following ${dir}` : `replaying ${dir} at ${speed}x`;
  const tokenHint = token === undefined ? "" : " (first visit: add ?token=<your token>)";
  process.stdout.write(`clocklab watch: ${handle.url}${tokenHint}, ${what}; Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await handle.close();
}
