// The live view's source of data (the WatchSource the runtime server asks): one run directory,
// followed from the start, or a directory of runs whose runs are opened by name when a page asks
// for one (names are checked against the listing, never used as paths). Feeds are shared by
// every page watching the same run; idle ones beyond a few are closed.
import { basename } from "node:path";
import { UserError } from "../../core/userError.ts";
import type { RunListing } from "../../core/watch/protocol.ts";
import type { RunFeed, WatchSource } from "../../runtime/watch/source.ts";
import { type RunFeedOptions, startRunFeed, type TailRunFeed } from "./runFeed.ts";
import { listRuns, runInLogs, watchTarget } from "./watchTarget.ts";

export interface WatchSourceOptions extends Omit<RunFeedOptions, "runDir"> {
  /** A run directory or a directory of runs. */
  dir: string;
  /** Take an empty directory as a run about to start (for `run --watch`). */
  allowEmpty?: boolean;
}

const MAX_IDLE_FEEDS = 4;

export function createWatchSource(options: WatchSourceOptions): WatchSource {
  const { dir, allowEmpty, ...feedOptions } = options;
  const target = watchTarget(dir, allowEmpty ?? false);
  if (target.kind === "run") {
    const feed = startRunFeed({ ...feedOptions, runDir: target.runDir });
    const name = basename(target.runDir);
    return {
      kind: "run",
      label: name,
      listRuns: async () => [],
      openFeed: async (runName) => {
        if (runName !== null && runName !== name) throw new UserError(`no run named ${runName} here`);
        return feed;
      },
      close: () => feed.close(),
    };
  }
  const logsDir = target.logsDir;
  const feeds = new Map<string, TailRunFeed>();
  const closeIdle = () => {
    const idle = [...feeds].filter(([, feed]) => feed.listenerCount === 0);
    while (idle.length > MAX_IDLE_FEEDS) {
      const [name, feed] = idle.shift()!;
      feeds.delete(name);
      void feed.close();
    }
  };
  return {
    kind: "runs",
    label: basename(logsDir),
    listRuns: async (): Promise<RunListing[]> => listRuns(logsDir),
    openFeed: async (runName): Promise<RunFeed> => {
      if (runName === null) throw new UserError("this view shows a directory of runs: name one");
      const known = feeds.get(runName);
      if (known !== undefined) return known;
      const runDir = runInLogs(logsDir, runName);
      if (runDir === null) throw new UserError(`no run named ${runName} in ${basename(logsDir)}`);
      closeIdle();
      const feed = startRunFeed({ ...feedOptions, runDir });
      feeds.set(runName, feed);
      return feed;
    },
    close: async () => {
      await Promise.all([...feeds.values()].map((feed) => feed.close()));
      feeds.clear();
    },
  };
}
