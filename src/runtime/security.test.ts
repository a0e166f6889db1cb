// The router's security rules: it listens on 127.0.0.1 unless told otherwise, and another address
// needs a shared token; with a token set, a hello without the right one gets BAD_TOKEN; frames are
// size-limited; and nothing from the network or a config file is ever run as code or pollutes
// Object.prototype (ids, payloads and config keys like "__proto__" are data, or refused cleanly).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test/helpers/cli.ts";
import { type RouterTarget, startRouterProcess } from "../../test/helpers/fuzzTarget.ts";
import { RawClient, sendFrame } from "../../test/helpers/rawClient.ts";
import { loadConfig } from "../cli/config/loadConfig.ts";
import { configSchema } from "../core/config.ts";
import { UserError } from "../core/userError.ts";
import { startTcpRouter, type TcpRouterHandle } from "./tcpRouter.ts";

const TOKEN = "s3cret-shared-token";
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "clocklab-security-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

function rawFrame(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const bytes = new Uint8Array(4 + body.length);
  new DataView(bytes.buffer).setUint32(0, body.length);
  bytes.set(body, 4);
  return bytes;
}

/** A hello whose JSON body is exactly `bytes` long, padded with an ignored field. */
function helloOfSize(bytes: number, id: string, token: string): string {
  const base = JSON.stringify({ type: "hello", protocol: 1, id, token, pad: "" });
  return base.replace('"pad":""', `"pad":"${"p".repeat(bytes - base.length)}"`);
}

async function expectRefused(client: RawClient, code: string): Promise<void> {
  const error = await client.waitForFrame((f) => f.type === "error", `error ${code}`);
  expect(error.code).toBe(code);
  await client.waitForClose();
  expect(client.frames.some((f) => f.type === "welcome")).toBe(false);
}

describe("the listen address", () => {
  it("refuses --host 0.0.0.0 without --token, before listening", async () => {
    const result = await runCli(["router", "--host", "0.0.0.0", "--port", "0", "--log-dir", tmp], {
      timeoutMs: 30_000,
    });
    expect(result.code, result.stdout).toBe(2);
    expect(result.stderr).toContain("requires a shared token");
    expect(result.stdout).not.toContain("listening");
  });

  it("refuses a token shorter than 8 characters", async () => {
    const result = await runCli(
      ["router", "--host", "0.0.0.0", "--token", "short", "--port", "0", "--log-dir", tmp],
      { timeoutMs: 30_000 },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("router.token");
  });

  it("listens on 127.0.0.1 by default, and not on the machine's other addresses", async () => {
    const target = await startRouterProcess(tmp, "default-host");
    try {
      expect(target.tail()).toContain(`listening on 127.0.0.1:${target.port}`);
      expect(await canConnect("127.0.0.1", target.port)).toBe(true);
      const others = Object.values(networkInterfaces())
        .flat()
        .filter((a) => a !== undefined && a.family === "IPv4" && !a.internal);
      for (const address of others) expect(await canConnect(address!.address, target.port)).toBe(false);
    } finally {
      await target.stop();
    }
  });
});

describe("a router on 0.0.0.0 with --token and --max-frame-bytes 1024", () => {
  let target: RouterTarget;
  beforeAll(async () => {
    target = await startRouterProcess(tmp, "token", [
      "--host",
      "0.0.0.0",
      "--token",
      TOKEN,
      "--max-frame-bytes",
      "1024",
    ]);
  });
  afterAll(() => target.stop());

  it.each([
    ["no token", undefined],
    ["an empty token", ""],
    ["a wrong token of the same length", `${TOKEN.slice(0, -1)}X`],
    ["a prefix of the token", TOKEN.slice(0, 8)],
    ["the token with more after it", `${TOKEN}x`],
  ])("answers a hello with %s with BAD_TOKEN and closes it", async (_name, token) => {
    const client = await RawClient.join(target.port, "m1", token);
    await expectRefused(client, "BAD_TOKEN");
  });

  it("welcomes a hello with the right token", async () => {
    const client = await RawClient.join(target.port, "m1", TOKEN);
    expect(client.frames[0]).toMatchObject({ type: "welcome", peers: ["m1"] });
    client.destroy();
  });

  it("takes a frame of exactly the limit and refuses one byte more with FRAME_TOO_LARGE", async () => {
    const fits = await RawClient.connect(target.port);
    fits.sendBytes(rawFrame(helloOfSize(1024, "m2", TOKEN)));
    await fits.waitForFrame((f) => f.type === "welcome", "welcome for a 1024-byte hello");
    const over = await RawClient.connect(target.port);
    over.sendBytes(rawFrame(helloOfSize(1025, "m3", TOKEN)));
    await expectRefused(over, "FRAME_TOO_LARGE");
    fits.destroy();
    expect(target.alive()).toBe(true);
  });
});

/** Test bursts are faster than any real run: fast planned speeds raise the router's clock ceilings. */
const FAST_MACHINES = configSchema.parse({ machine: { speedMin: 100_000, speedMax: 100_000 } });

describe("network input is data, never code", () => {
  // Machine ids that are also names of Object.prototype members.
  const ids = ["constructor", "toString", "valueOf"] as const;
  const marker = () => join(tmp, "pwned");
  const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();
  const odd = () => [
    "__proto__",
    '{"__proto__":{"polluted":"yes"}}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
    `require('child_process').execSync('touch ${marker()}')`,
    "eval('process.exit(1)')",
  ];
  let handle: TcpRouterHandle;
  const peers = new Map<string, RawClient>();

  beforeAll(async () => {
    handle = await startTcpRouter({
      host: "127.0.0.1",
      port: 0,
      maxFrameBytes: 64 * 1024,
      outputLimitBytes: 1024 * 1024,
      slowConsumer: "drop",
      router: { runId: "data", seed: 1, expectedMachines: 3, startDelayMs: 0, config: FAST_MACHINES },
      log: { write() {}, writeLine() {}, flush() {}, close() {} },
    });
    for (const id of ids) peers.set(id, await RawClient.join(handle.port, id));
    for (const peer of peers.values()) await peer.waitForFrame((f) => f.type === "start", "start");
  });
  afterAll(async () => {
    for (const peer of peers.values()) peer.destroy();
    await handle.close();
  });

  function expectNoPollution() {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
    expect(existsSync(marker())).toBe(false);
  }

  it("routes between machines named constructor, toString and valueOf like any others", async () => {
    const from = peers.get("constructor")!;
    from.send(
      sendFrame("DIRECT", "constructor:d1", 1, {
        to: "valueOf",
        vector: { constructor: 1, toString: 0, valueOf: 0 },
      }),
    );
    from.send(sendFrame("BROADCAST", "constructor:b1", 2));
    const direct = await peers
      .get("valueOf")!
      .waitForFrame((f) => f.id === "constructor:d1", "the DIRECT to valueOf");
    expect(direct).toMatchObject({
      from: "constructor",
      vector: { constructor: 1, toString: 0, valueOf: 0 },
    });
    await peers.get("toString")!.waitForFrame((f) => f.id === "constructor:b1", "the broadcast at toString");
    await peers.get("valueOf")!.waitForFrame((f) => f.id === "constructor:b1", "the broadcast at valueOf");
    expect(peers.get("toString")!.frames.some((f) => f.id === "constructor:d1")).toBe(false);
    expectNoPollution();
  });

  it("delivers ids and payloads that look like code or prototype keys verbatim", async () => {
    const from = peers.get("toString")!;
    const to = peers.get("constructor")!;
    for (const [i, text] of odd().entries()) {
      from.send(sendFrame("SEND_FIRST", `toString:${text}`, i + 1, { payload: text }));
    }
    for (const text of odd()) {
      const id = `toString:${text}`;
      const got = await to.waitForFrame((f) => f.type === "deliver" && f.id === id, `delivery of ${text}`);
      expect(got.payload).toBe(text);
      expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    }
    expectNoPollution();
  });

  it('routes frames carrying own "__proto__" and "constructor" keys without polluting anything', async () => {
    const from = peers.get("valueOf")!;
    const body = JSON.stringify(sendFrame("SEND_FIRST", "valueOf:p1", 9)).slice(1, -1);
    from.sendBytes(rawFrame(`{"__proto__":{"polluted":"yes"},${body}}`));
    from.sendBytes(
      rawFrame(
        `{"constructor":{"prototype":{"polluted":"yes"}},${body.replace("valueOf:p1", "valueOf:p2")},"hlc":{"wall":0,"logical":9,"__proto__":{"polluted":"yes"}}}`,
      ),
    );
    const to = peers.get("constructor")!;
    await to.waitForFrame((f) => f.id === "valueOf:p2", "the frames with prototype keys");
    expect(to.frames.find((f) => f.id === "valueOf:p1")).toBeDefined();
    expectNoPollution();
  });

  it('refuses a vector with a "__proto__" key as INVALID_FIELD, as data', async () => {
    const rogue = await RawClient.connect(handle.port);
    rogue.sendBytes(rawFrame('{"type":"hello","protocol":1,"id":"constructor","__proto__":{"polluted":1}}'));
    await expectRefused(rogue, "DUPLICATE_ID");
    const from = peers.get("valueOf")!;
    const body = JSON.stringify(sendFrame("SEND_FIRST", "valueOf:v1", 1)).slice(1, -1);
    from.sendBytes(rawFrame(`{${body},"vector":{"__proto__":{"polluted":1}}}`));
    const error = await from.waitForFrame((f) => f.type === "error", "the refusal");
    expect(error.code).toBe("INVALID_FIELD");
    expectNoPollution();
  });
});

describe("config values are data, never code", () => {
  const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

  function expectNoPollution() {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  }

  it.each([
    "__proto__.polluted=1",
    "__proto__.x=1",
    "router.__proto__.polluted=1",
    "constructor.prototype.polluted=1",
    "machine.clocks.__proto__.offsetMs=5",
  ])("refuses --set %s cleanly", (assignment) => {
    expect(() => loadConfig({ set: [assignment] })).toThrow(UserError);
    expect(() => loadConfig({ set: [assignment] })).toThrow("is not a config key path");
    expectNoPollution();
  });

  it("refuses --set __proto__.x=1 on the command line with exit code 2", async () => {
    const result = await runCli(["router", "--set", "__proto__.x=1", "--port", "0", "--log-dir", tmp], {
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"__proto__.x" is not a config key path');
  });

  it.each([
    ["a top-level __proto__", "__proto__:\n  polluted: 1\n"],
    ["a nested __proto__", "router:\n  __proto__:\n    polluted: 1\n"],
    ["constructor.prototype", "constructor:\n  prototype:\n    polluted: 1\n"],
  ])("refuses a config file with %s, naming the key", (_name, yaml) => {
    const file = join(tmp, "config.yaml");
    writeFileSync(file, yaml);
    expect(() => loadConfig({ config: file })).toThrow(/is not allowed/);
    expectNoPollution();
  });

  it("keeps a YAML js/function tag as a plain string", () => {
    const file = join(tmp, "function.yaml");
    const code = "function () { globalThis.pwned = 1 }";
    writeFileSync(file, `router:\n  token: !!js/function "${code}"\n`);
    const warn = process.emitWarning;
    process.emitWarning = () => {};
    try {
      expect(loadConfig({ config: file }).config.router.token).toBe(code);
    } finally {
      process.emitWarning = warn;
    }
    expectNoPollution();
  });
});
