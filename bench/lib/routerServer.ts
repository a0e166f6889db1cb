// The real clocklab TCP router (startTcpRouter) in a process of its own for the router benchmark.
// Usage: routerServer.ts --expect 3 --log file|none --dir DIR. Prints {"port":N} when listening;
// on SIGTERM closes, flushes router.jsonl and prints {"routed","dropped","rejected"}.
// --router-module PATH loads startTcpRouter from another module instead (to try a changed router
// against the same benchmark before changing src/runtime/tcpRouter.ts). --fault TEXT (repeatable,
// the CLI's shorthand, docs/faults.md) runs the router with those network faults, for 1 hour.
import { join } from "node:path";
import { configSchema } from "../../src/core/config.ts";
import { faultEntriesOf } from "../../src/core/faults/fromConfig.ts";
import { parseFaultShorthand } from "../../src/core/faults/parseShorthand.ts";
import { DEFAULT_MAX_FRAME_BYTES } from "../../src/core/frame.ts";
import { BufferedLineWriter, type LineSink } from "../../src/runtime/lineWriter.ts";
import { startTcpRouter as shippedStartTcpRouter } from "../../src/runtime/tcpRouter.ts";

/** Accepts every line and keeps none: the router's cost without its log. */
const NO_OP_SINK: LineSink = { write() {}, writeLine() {}, flush() {}, close() {} };

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1]! : fallback;
};
const expectedMachines = Number(flag("expect", "3"));
const logMode = flag("log", "file");
const log =
  logMode === "none" ? NO_OP_SINK : new BufferedLineWriter(join(flag("dir", "."), "router.jsonl"), 64 * 1024);
// As routerProcess.ts does: buffered lines are handed to the kernel every 50 ms.
const flushTimer = setInterval(() => log.flush(), 50);

/** The --fault texts as a checked config's entries, windows within a 1-hour run of m1..mN. */
function faultsOf(texts: string[]) {
  const specs = texts.map((text) => {
    const parsed = parseFaultShorthand(text);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.spec;
  });
  return faultEntriesOf(
    configSchema.parse({ run: { machines: expectedMachines, durationS: 3600 }, faults: specs }),
  );
}
const faults = faultsOf(args.flatMap((arg, i) => (args[i - 1] === "--fault" ? [arg] : [])));

const routerModule = flag("router-module", "");
const startTcpRouter: typeof shippedStartTcpRouter =
  routerModule === "" ? shippedStartTcpRouter : (await import(routerModule)).startTcpRouter;
const handle = await startTcpRouter({
  host: "127.0.0.1",
  port: 0,
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  outputLimitBytes: 8 * 1024 * 1024,
  slowConsumer: "drop",
  router: { runId: "bench", seed: 1, expectedMachines, startDelayMs: 0, faults },
  log,
});
process.stdout.write(`${JSON.stringify({ port: handle.port })}\n`);

process.once("SIGTERM", () => {
  clearInterval(flushTimer);
  void handle.close().then(() => {
    log.close();
    process.stdout.write(`${JSON.stringify(handle.router.counts)}\n`);
    process.exit(0);
  });
});
