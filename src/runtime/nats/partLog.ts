// One host's part of a run carried by NATS: `<run dir>/edges/<part>.jsonl`, in router.jsonl's
// line format. The machines of this process write into it what their sender edges decided
// (routed, held, dropped), what their connections went through, and how each receiver closed its
// books. The first line names the run, the part and its machines, so `analyze` can tell parts of
// one run from parts of another. Lines are written ahead of the publishes they describe: each is
// encoded as bytes from its line table as it comes (the TCP router's LogStage, the same bytes as
// routerLogJson), and `flush` hands all of them to the kernel in one write.
import { mkdirSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import type { RouterLogEntry } from "../../core/routerLog.ts";
import type { MachineId } from "../../core/types.ts";
import { UserError } from "../../core/userError.ts";
import { hostNowMs } from "../clock.ts";
import { describeFsError } from "../fsErrors.ts";
import { BufferedLineWriter } from "../lineWriter.ts";
import { ensureRunDirectory } from "../runDirectory.ts";
import { LogStage } from "../tcpRouter/logStage.ts";

export const EDGES_DIR = "edges";
const FLUSH_INTERVAL_MS = 50;

export function partLogPath(runDir: string, part: string): string {
  return join(runDir, EDGES_DIR, `${part}.jsonl`);
}

export class PartLog {
  readonly #logDir: string;
  readonly #part: string;
  readonly #machines: readonly MachineId[];
  #writer: BufferedLineWriter | null = null;
  /** Lines written since the last flush, as bytes. */
  readonly #stage = new LogStage(false);
  #timer: NodeJS.Timeout | null = null;
  #failure: UserError | null = null;

  constructor(logDir: string, part: string, machines: readonly MachineId[]) {
    this.#logDir = logDir;
    this.#part = part;
    this.#machines = machines;
  }

  /** Why the part log cannot be written (a full disk), once that happened. */
  get failure(): UserError | null {
    return this.#failure;
  }

  /** Opens `edges/<part>.jsonl` in the run's directory (once: every machine here is in one run). */
  open(runId: string): void {
    if (this.#writer !== null || this.#failure !== null) return;
    try {
      const runDir = ensureRunDirectory(this.#logDir, runId);
      mkdirSync(join(runDir, EDGES_DIR), { recursive: true });
      this.#writer = new BufferedLineWriter(partLogPath(runDir, this.#part), 64 * 1024);
    } catch (error) {
      this.#failure = new UserError(
        `cannot open this host's part of run ${runId}: ${describeFsError(error)}`,
      );
      return;
    }
    this.write({
      type: "part",
      at: hostNowMs(),
      runId,
      part: this.#part,
      host: hostname(),
      machines: [...this.#machines],
    });
    this.#timer = setInterval(() => this.flush(), FLUSH_INTERVAL_MS);
    this.#timer.unref();
  }

  write(entry: RouterLogEntry): void {
    if (this.#writer === null) return;
    this.#stage.add(entry);
  }

  /** Hands what is buffered to the kernel (before the publishes it describes go out). */
  flush(): void {
    const writer = this.#writer;
    if (writer === null || this.#stage.empty) return;
    try {
      this.#stage.writeTo(writer);
    } catch (error) {
      this.#fail(error);
    }
  }

  close(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.flush();
    this.#writer?.closeQuietly();
    this.#writer = null;
  }

  #fail(error: unknown): void {
    this.#failure ??= new UserError(`cannot write this host's part log: ${describeFsError(error)}`);
    this.#writer?.closeQuietly();
    this.#writer = null;
    this.#stage.clear();
  }
}
