// One rogue connection: writes a fuzz case's bytes to the router, then waits (with a deadline) for
// the router to answer and close, and reports what came back.
import { connect } from "node:net";
import { FrameDecoder } from "../../src/core/frame.ts";
import type { ReceivedFrame } from "../helpers/rawClient.ts";
import type { FuzzCase } from "./cases.ts";

export interface RogueOutcome {
  frames: ReceivedFrame[];
  /** The connection closed before the deadline. */
  closed: boolean;
  /** The rogue could not connect at all. */
  refused: boolean;
  ms: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function runRogue(port: number, fuzzCase: FuzzCase, timeoutMs: number): Promise<RogueOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const frames: ReceivedFrame[] = [];
    const decoder = new FrameDecoder(16 * 1024 * 1024);
    let connected = false;
    let timedOut = false;
    const socket = connect({ host: "127.0.0.1", port, noDelay: true });
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      for (const decoded of decoder.push(chunk)) if (decoded.ok) frames.push(decoded.value as ReceivedFrame);
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ frames, closed: !timedOut, refused: !connected, ms: performance.now() - started });
    });
    socket.on("connect", async () => {
      connected = true;
      for (const chunk of fuzzCase.chunks) {
        if (!fuzzCase.byteByByte) {
          socket.write(chunk);
          continue;
        }
        for (const byte of chunk) {
          if (socket.destroyed) return;
          socket.write(new Uint8Array([byte]));
          await nextTurn();
        }
      }
      // Cases the router must close on its own are left open: a hang would show as a timeout.
      const routerCloses = fuzzCase.expect.type === "error" || fuzzCase.expect.type === "silent-close";
      if (!routerCloses) socket.end();
    });
  });
}

/** Why an outcome does not match what the case expects, or null if it does. */
export function judge(
  fuzzCase: FuzzCase,
  outcome: RogueOutcome,
  knownCodes: readonly string[],
): string | null {
  if (outcome.refused) return "connection refused";
  if (!outcome.closed) return `no close within the deadline (${outcome.frames.length} frames received)`;
  const [first, ...more] = outcome.frames;
  if (more.length > 0) return `expected at most one frame, got ${outcome.frames.length}`;
  if (first !== undefined) {
    if (first.type !== "error") return `a rogue got a ${first.type} frame`;
    if (typeof first.message !== "string" || first.message.length < 10)
      return "error frame without a message";
  }
  const expect = fuzzCase.expect;
  switch (expect.type) {
    case "error":
      return first?.code === expect.code
        ? null
        : `expected ${expect.code}, got ${first ? String(first.code) : "nothing"}`;
    case "silent-close":
    case "no-answer":
      return first === undefined ? null : `expected no answer, got ${String(first.code)}`;
    case "any":
      return first === undefined || knownCodes.includes(String(first.code))
        ? null
        : `unknown code ${String(first.code)}`;
  }
}
