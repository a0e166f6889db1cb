// clocklab's own per-delivery work over NATS without a server: m1's NatsEdgeRun routes SEND_FIRST
// sends (part log in a temporary directory), its batches are "published" to a connection that only
// keeps the payloads, and m2's NatsEdgeRun reads each one as NatsLink would. Prints CPU µs per
// delivery for the sender side and the receiver side. Usage: tsx bench/natsPathMicro.ts [--count N]
// [--text] (--text: receivers are handed the payload's text, the general path parsePeerMessage).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NatsConnection } from "@nats-io/transport-node";
import { senderOf } from "../src/core/nats/subjects.ts";
import { hostNowMs } from "../src/runtime/clock.ts";
import type { LinkEvents } from "../src/runtime/links/machineLink.ts";
import { NatsEdgeRun } from "../src/runtime/nats/natsEdgeRun.ts";
import { PartLog } from "../src/runtime/nats/partLog.ts";
import { realisticSend } from "./lib/natsFrames.ts";

const args = process.argv.slice(2);
const countAt = args.indexOf("--count");
const count = countAt >= 0 ? Number(args[countAt + 1]) : 200_000;
const dir = mkdtempSync(join(tmpdir(), "clocklab-nats-micro-"));
const published: Array<[string, Uint8Array | string]> = [];
const connection = {
  publish(subject: string, payload: Uint8Array | string) {
    published.push([subject, payload]);
  },
} as unknown as NatsConnection;
let frames = 0;
const events: LinkEvents = {
  up() {},
  frame() {
    frames++;
  },
  down() {},
  fail(error) {
    throw error;
  },
  notice() {},
};
const t0 = hostNowMs();
const start = {
  frame: { type: "start" as const, t0, peers: ["m1", "m2", "m3"], endAt: t0 + 3_600_000 },
  faults: [],
};
const edge = (id: string) => {
  const partLog = new PartLog(dir, id, [id]);
  partLog.open("micro");
  return new NatsEdgeRun({ id, run: "micro", seed: 1, start, connection, partLog, events, afterWake() {} });
};
const m1 = edge("m1");
const m2 = edge("m2");
const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** --text: the receiver is handed the payload's text (decoded in the measurement, as NatsLink used to). */
const asText = args.includes("--text");
const receiverInput = (bytes: Uint8Array): Uint8Array =>
  (asText ? decoder.decode(bytes) : bytes) as unknown as Uint8Array;
let sequence = 0;
let sendUs = 0;
let receiveUs = 0;
const cpuUs = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};
for (let round = 0; round < count / 125; round++) {
  let before = cpuUs();
  for (let i = 0; i < 125; i++) m1.route(realisticSend("SEND_FIRST", ++sequence), hostNowMs());
  await Promise.resolve();
  sendUs += cpuUs() - before;
  // nats.js hands a receiver bytes (encoded here, outside the measurement, if a sender gave text).
  const received = published.map(([subject, payload]) => ({
    subject,
    // A Buffer view, as nats.js hands them out.
    bytes: Buffer.from(typeof payload === "string" ? encoder.encode(payload) : payload),
  }));
  before = cpuUs();
  for (const { subject, bytes } of received) m2.peerMessage(senderOf(subject)!, receiverInput(bytes));
  receiveUs += cpuUs() - before;
  published.length = 0;
}
process.stdout.write(
  `${sequence} deliveries (${frames} frames): sender ${(sendUs / sequence).toFixed(2)} CPU µs/delivery, receiver ${(receiveUs / sequence).toFixed(2)}\n`,
);
rmSync(dir, { recursive: true, force: true });
