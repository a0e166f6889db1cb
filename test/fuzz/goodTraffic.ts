// The three good machines of a fuzz run: RawClient peers that joined as m1..m3 and got the start
// frame, sending each other seeded messages (whole, split at random points, or byte by byte) while
// the rogues attack, and checking every delivery arrives once, intact, in order per link.
import { encodeFrame } from "../../src/core/frame.ts";
import type { RandomSource } from "../../src/core/random.ts";
import { RawClient, type ReceivedFrame, sendFrame } from "../helpers/rawClient.ts";
import { waitFor } from "../helpers/waitFor.ts";
import { randomSplit, randomText } from "./bytes.ts";
import { GOOD_IDS, KINDS } from "./jsonFields.ts";

interface Expected {
  id: string;
  kind: string;
  lamport: number;
  payload: string;
  sentAt: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Payloads that must travel as plain data, unchanged (a lone surrogate included). */
const ODD_PAYLOADS = [
  "__proto__",
  '{"constructor":{"prototype":{"polluted":1}}}',
  "require('child_process')",
  "\ud800 lone surrogate",
  "line\u2028separator\u0000nul",
];

export class GoodTraffic {
  sent = 0;
  delivered = 0;
  maxLatencyMs = 0;
  readonly problems: string[] = [];
  readonly #clients: Map<string, RawClient>;
  readonly #random: RandomSource;
  /** Per link "from>to": messages sent and not yet delivered, oldest first. */
  readonly #pending = new Map<string, Expected[]>();
  readonly #chains = new Map<string, Promise<void>>();
  #seq = 0;

  private constructor(clients: Map<string, RawClient>, random: RandomSource) {
    this.#clients = clients;
    this.#random = random;
  }

  static async join(port: number, random: RandomSource): Promise<GoodTraffic> {
    const clients = new Map<string, RawClient>();
    for (const id of GOOD_IDS) clients.set(id, await RawClient.join(port, id));
    for (const [id, client] of clients) {
      await client.waitForFrame((f) => f.type === "start", `the start frame at ${id}`);
      client.frames.splice(0);
    }
    return new GoodTraffic(clients, random);
  }

  /** Queues one message from a random good machine; it goes out after that machine's earlier ones. */
  sendOne(): void {
    const random = this.#random;
    const from = GOOD_IDS[random.int(0, 2)]!;
    const others = GOOD_IDS.filter((id) => id !== from);
    const kind = KINDS[random.int(0, 3)]!;
    const to = kind === "DIRECT" ? others[random.int(0, 1)]! : undefined;
    const targets =
      kind === "SEND_FIRST" ? [others[0]!] : kind === "SEND_SECOND" ? [others[1]!] : to ? [to] : others;
    const seq = ++this.#seq;
    const payload =
      random.int(0, 9) === 0
        ? ODD_PAYLOADS[random.int(0, ODD_PAYLOADS.length - 1)]!
        : randomText(random, random.int(0, 24));
    const expected: Expected = {
      id: `${from}:${seq}`,
      kind,
      lamport: seq,
      payload,
      sentAt: performance.now(),
    };
    const bytes = encodeFrame(sendFrame(kind, expected.id, seq, { payload, ...(to ? { to } : {}) }));
    const mode = random.int(0, 49); // 1 in 50 byte by byte, 1 in 10 split at random points
    const pieces =
      mode === 0
        ? [...bytes].map((b) => new Uint8Array([b]))
        : mode <= 5
          ? randomSplit(random, bytes)
          : [bytes];
    for (const target of targets) {
      const link = `${from}>${target}`;
      const queue = this.#pending.get(link) ?? [];
      queue.push(expected);
      this.#pending.set(link, queue);
      this.sent++;
    }
    const client = this.#clients.get(from)!;
    const previous = this.#chains.get(from) ?? Promise.resolve();
    this.#chains.set(
      from,
      previous.then(async () => {
        for (const piece of pieces) {
          client.sendBytes(piece);
          if (pieces.length > 1) await nextTurn();
        }
        // Latency counts from the last byte written, not from the wait in this machine's queue.
        expected.sentAt = performance.now();
      }),
    );
  }

  /** Checks every frame received since the last call. */
  drain(): void {
    const now = performance.now();
    for (const [id, client] of this.#clients) {
      for (const frame of client.frames.splice(0)) this.#check(id, frame, now);
    }
  }

  get outstanding(): number {
    return this.sent - this.delivered;
  }

  get allConnected(): boolean {
    return [...this.#clients.values()].every((client) => !client.closed);
  }

  async waitAllDelivered(timeoutMs: number): Promise<void> {
    await Promise.all(this.#chains.values());
    await waitFor(
      () => {
        this.drain();
        return this.outstanding === 0 || this.problems.length > 0;
      },
      "every good message to be delivered",
      timeoutMs,
    ).catch(() => this.problems.push(`${this.outstanding} good deliveries missing after ${timeoutMs} ms`));
  }

  close(): void {
    for (const client of this.#clients.values()) client.destroy();
  }

  #check(at: string, frame: ReceivedFrame, now: number): void {
    if (this.problems.length > 20) return;
    if (frame.type !== "deliver") {
      this.problems.push(
        `${at} got an unexpected ${frame.type} frame: ${JSON.stringify(frame).slice(0, 200)}`,
      );
      return;
    }
    const link = `${String(frame.from)}>${at}`;
    const next = this.#pending.get(link)?.shift();
    if (next === undefined || next.id !== frame.id) {
      this.problems.push(
        `${link}: got ${String(frame.id)}, expected ${next?.id ?? "nothing"} (lost or out of order)`,
      );
      return;
    }
    if (frame.kind !== next.kind || frame.lamport !== next.lamport || frame.payload !== next.payload) {
      this.problems.push(`${link}: ${next.id} arrived altered: ${JSON.stringify(frame).slice(0, 200)}`);
    }
    this.delivered++;
    this.maxLatencyMs = Math.max(this.maxLatencyMs, now - next.sentAt);
  }
}
