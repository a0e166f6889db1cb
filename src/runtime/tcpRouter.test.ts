// The live TCP router against bad input: every kind of bad frame gets an error frame with its code
// and only that connection is closed, while three good machines connected to the same router keep
// being served.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawClient, sendFrame } from "../../test/helpers/rawClient.ts";
import { waitFor } from "../../test/helpers/waitFor.ts";
import type { RouterLogEntry } from "../core/routerLog.ts";
import type { LineSink } from "./lineWriter.ts";
import { startTcpRouter, type TcpRouterHandle } from "./tcpRouter.ts";

class MemorySink implements LineSink {
  readonly entries: RouterLogEntry[] = [];
  write(value: unknown): void {
    this.entries.push(value as RouterLogEntry);
  }
  writeLine(line: string): void {
    this.entries.push(JSON.parse(line));
  }
  flush(): void {}
  close(): void {}
}

function header(length: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, length);
  return bytes;
}

function rawFrame(body: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(4 + body.length);
  bytes.set(header(body.length));
  bytes.set(body, 4);
  return bytes;
}

describe("TCP router under bad frames, with good machines connected", () => {
  let handle: TcpRouterHandle;
  const log = new MemorySink();
  const good: Record<string, RawClient> = {};
  let counter = 0;

  beforeAll(async () => {
    handle = await startTcpRouter({
      host: "127.0.0.1",
      port: 0,
      maxFrameBytes: 4096,
      outputLimitBytes: 1024 * 1024,
      slowConsumer: "drop",
      router: { runId: "t", seed: 1, expectedMachines: 3, startDelayMs: 0 },
      log,
    });
    for (const id of ["m1", "m2", "m3"]) good[id] = await RawClient.join(handle.port, id);
    await good.m3!.waitForFrame((f) => f.type === "start", "start");
  });
  afterAll(async () => {
    for (const client of Object.values(good)) client.destroy();
    await handle.close();
  });

  /** The good machines still talk: m1 sends to its first other (m2), which gets it. */
  async function expectGoodTrafficFlows() {
    const id = `m1:${++counter}`;
    good.m1!.send(sendFrame("SEND_FIRST", id, counter));
    await good.m2!.waitForFrame((f) => f.type === "deliver" && f.id === id, `delivery of ${id}`);
  }

  const cases: Array<[string, (c: RawClient) => void, string]> = [
    ["length 0", (c) => c.sendBytes(header(0)), "BAD_LENGTH"],
    ["length 2^32-1", (c) => c.sendBytes(header(0xffffffff)), "FRAME_TOO_LARGE"],
    ["a frame over the limit", (c) => c.sendBytes(header(4097)), "FRAME_TOO_LARGE"],
    ["invalid UTF-8", (c) => c.sendBytes(rawFrame(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]))), "BAD_UTF8"],
    ["bad JSON", (c) => c.sendBytes(rawFrame(new TextEncoder().encode("{not json"))), "BAD_JSON"],
    ["an unknown type", (c) => c.send({ type: "teleport" }), "UNKNOWN_TYPE"],
    ["a JSON array", (c) => c.send([1, 2, 3]), "INVALID_FIELD"],
    ["a wrong field type", (c) => c.send({ type: "hello", protocol: "one", id: "m9" }), "INVALID_FIELD"],
    ["a send before hello", (c) => c.send(sendFrame("SEND_FIRST", "x:1", 1)), "HELLO_REQUIRED"],
    ["a duplicate id", (c) => c.send({ type: "hello", protocol: 1, id: "m2" }), "DUPLICATE_ID"],
    ["a wrong protocol version", (c) => c.send({ type: "hello", protocol: 2, id: "m7" }), "PROTOCOL_VERSION"],
    ["a fourth machine", (c) => c.send({ type: "hello", protocol: 1, id: "m4" }), "RUN_FULL"],
  ];

  it.each(cases)("%s gets an error frame and only that connection closes", async (_name, misbehave, code) => {
    const rogue = await RawClient.connect(handle.port);
    misbehave(rogue);
    const error = await rogue.waitForFrame((f) => f.type === "error", `error ${code}`);
    expect(error.code).toBe(code);
    expect(String(error.message).length).toBeGreaterThan(10);
    await rogue.waitForClose();
    expect(log.entries.some((e) => e.type === "rejected" && e.code === code)).toBe(true);
    await expectGoodTrafficFlows();
  });

  it("a frame split into single bytes is still one frame", async () => {
    const id = `m1:${++counter}`;
    const bytes = rawFrame(new TextEncoder().encode(JSON.stringify(sendFrame("SEND_SECOND", id, counter))));
    for (const byte of bytes) good.m1!.sendBytes(new Uint8Array([byte]));
    await good.m3!.waitForFrame((f) => f.type === "deliver" && f.id === id, "split frame delivery");
  });

  it("stamps the sender from the connection, never from a claimed field", async () => {
    const id = `m1:${++counter}`;
    good.m1!.send(sendFrame("SEND_FIRST", id, counter, { from: "m3" }));
    const delivered = await good.m2!.waitForFrame((f) => f.type === "deliver" && f.id === id, "delivery");
    expect(delivered.from).toBe("m1");
  });

  it("records a message for a departed machine as dropped, with its reason", async () => {
    good.m3!.destroy();
    await waitFor(() => log.entries.some((e) => e.type === "left" && e.id === "m3"), "m3 to leave");
    const id = `m1:${++counter}`;
    good.m1!.send(sendFrame("SEND_SECOND", id, counter));
    const dropped = await waitFor(
      () => log.entries.find((e) => e.type === "dropped" && e.id === id),
      "the drop to be recorded",
    );
    expect(dropped).toMatchObject({ to: "m3", reason: "machine-gone", from: "m1" });
    await expectGoodTrafficFlows();
  });
});
