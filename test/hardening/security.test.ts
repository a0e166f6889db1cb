// Security (issue 12, items 14-17 and 24): what a peer sends is data, never a path, a file name or
// a terminal command, and a secret is never written down. A fake router (a TCP server here that
// speaks the wire protocol) tries to make a client write outside --log-dir or print escape
// sequences; raw peers try reserved ids and hostile bye reasons; a run with a token is searched
// for it; and a client pointed at an HTTP server says so instead of dying with a stack trace.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { encodeFrame, FrameDecoder } from "../../src/core/frame.ts";
import { CLI_BIN } from "../helpers/cli.ts";
import { analyzeFates, expectEveryFateAccounted } from "../helpers/fates.ts";
import { killAllStarted, startCli } from "../helpers/processes.ts";
import { RawClient } from "../helpers/rawClient.ts";
import { waitFor } from "../helpers/waitFor.ts";
import { filesUnder, STACK_FRAME, startHandClient, startHandRouter } from "./common.ts";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "clocklab-security-"));
});
afterEach(() => killAllStarted());
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ESC = "\x1b";
/** Text meant to take over a terminal: colours, clearing the screen, a forged line, a bell. */
const HOSTILE = `${ESC}[31mred${ESC}[0m${ESC}[2J\nclocklab router: m9 joined\r\x07`;
/** How it must look once escaped for the terminal. */
const HOSTILE_SHOWN = "\\x1b[31mred\\x1b[0m\\x1b[2J\\x0aclocklab router: m9 joined\\x0d\\x07";

/** Control characters a terminal would obey (newline and tab excepted). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/**
 * A fake router: answers every frame from a machine with `answer(frame)` (frames to send back),
 * and remembers what it was sent.
 */
async function fakeRouter(
  answer: (frame: { type: string }) => unknown[],
): Promise<{ server: Server; port: number }> {
  const server = createServer((socket: Socket) => {
    const decoder = new FrameDecoder();
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      for (const decoded of decoder.push(chunk)) {
        if (!decoded.ok) return;
        for (const frame of answer(decoded.value as { type: string })) socket.write(encodeFrame(frame));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as { port: number }).port };
}

describe("item 14: a router cannot make a client write outside --log-dir", () => {
  const servers: Server[] = [];
  afterAll(() => {
    for (const server of servers) server.close();
  });

  for (const [name, runIdFor] of [
    ["a relative path up", () => "../../x"],
    ["an absolute path", () => join(root, "abs", "x")],
    ["a name with a slash", () => "ok/../../x"],
  ] as const) {
    it(`refuses a welcome whose runId is ${name}, writes nothing, exits 2`, async () => {
      const sandbox = join(root, `runid-${servers.length}`);
      const logDir = join(sandbox, "a", "b", "logs");
      mkdirSync(logDir, { recursive: true });
      const runId = runIdFor();
      const fake = await fakeRouter((frame) =>
        frame.type === "hello" ? [{ type: "welcome", protocol: 1, runId, peers: ["m1"], seed: 1 }] : [],
      );
      servers.push(fake.server);
      const client = startHandClient("m1", fake.port, logDir);
      expect(await client.exited()).toBe(2);
      expect(client.output()).toContain("runId");
      expect(client.output()).toContain(JSON.stringify(runId));
      expect(client.output()).not.toMatch(STACK_FRAME);
      // Before the fix, m1.jsonl landed in <sandbox>/a/x/ (or at the absolute path).
      expect(filesUnder(sandbox)).toEqual([]);
      expect(existsSync(join(root, "abs"))).toBe(false);
      expect(existsSync(join(root, "x"))).toBe(false);
    });
  }
});

describe("item 15: router and the other names of the run directory are not machine ids", () => {
  it("client --id router (or ROUTER, network, run) is refused before connecting, exit 2", async () => {
    for (const id of ["router", "ROUTER", "network", "Run"]) {
      const client = startCli(["client", "--id", id, "--port", "9", "--log-dir", root]);
      expect(await client.exited(), id).toBe(2);
      expect(client.output()).toContain(`--id ${id}: that name is reserved`);
    }
  });

  it('a hello with id "router" or "ROUTER" gets INVALID_FIELD, and router.jsonl stays the router\'s', async () => {
    const logDir = join(root, "reserved");
    const { router, port } = await startHandRouter(["--name", "r", "--log-dir", logDir, "--machines", "3"]);
    for (const id of ["router", "ROUTER", "Network"]) {
      const peer = await RawClient.join(port, id);
      const answer = peer.frames[0];
      expect(answer?.type, id).toBe("error");
      expect(answer?.code).toBe("INVALID_FIELD");
      expect(String(answer?.message)).toContain("reserved");
      await peer.waitForClose();
    }
    // A real machine is still welcomed: nothing else was affected.
    const m1 = await RawClient.join(port, "m1");
    expect(m1.frames[0]?.type).toBe("welcome");
    m1.destroy();
    router.kill("SIGINT");
    await router.exited();
    expect(existsSync(join(logDir, "r", "ROUTER.jsonl"))).toBe(false);
    const lines = readFileSync(join(logDir, "r", "router.jsonl"), "utf8")
      .trim()
      .split("\n");
    // Only the router's own lines: no machine event line (with "seq") ever went into it.
    for (const line of lines) expect(JSON.parse(line)).not.toHaveProperty("seq");
  });
});

describe("item 16: the token is never written down, nor on a child's command line", () => {
  const TOKEN = "Tok3n-never-written-9f2c";

  it("run --host 127.0.0.1 --token ...: no file of the run and no child's argv holds it", async () => {
    const logDir = join(root, "token");
    const run = startCli([
      ...["run", "--host", "127.0.0.1", "--token", TOKEN, "--port", "0", "--duration", "3"],
      ...["--seed", "16", "--name", "tok", "--log-dir", logDir],
    ]);
    // While the machines run, read the command lines of the launcher's children (and theirs).
    const commandLines = await waitFor(
      () => {
        const lines = descendants(run.child.pid!).map((pid) => commandLine(pid));
        return lines.filter((line) => line.includes(" client ")).length >= 3 ? lines : null;
      },
      "the launcher's router and three machine processes",
      30_000,
    );
    expect(commandLines.some((line) => line.includes(" router"))).toBe(true);
    for (const line of commandLines) expect(line).not.toContain(TOKEN);
    expect(await run.exited(), run.output()).toBe(0);
    expect(run.output()).not.toContain(TOKEN);

    const runDir = join(logDir, "tok");
    // The exports are files of the run too.
    for (const format of ["csv", "shiviz"]) {
      execFileSync(process.execPath, [CLI_BIN, "export", runDir, "--format", format], { stdio: "ignore" });
    }
    const files = filesUnder(runDir);
    expect(files).toEqual(expect.arrayContaining(["run.json", "report.html", "router.jsonl", "m1.jsonl"]));
    expect(files).toEqual(expect.arrayContaining(["events.csv", "shiviz.log"]));
    for (const file of files) {
      expect(readFileSync(join(runDir, file), "utf8"), file).not.toContain(TOKEN);
    }
    // run.json still says a token was required (the fact, not the secret).
    const info = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
    expect(info.tokenRequired).toBe(true);
    expect(info.config.router.token).toBeNull();
    const { run: fates, warnings } = analyzeFates(runDir);
    expectEveryFateAccounted(fates, warnings);
  });
});

describe("item 17: peer text is escaped on the terminal", () => {
  it("the router shows a bye reason with escape sequences and newlines as \\x1b, \\x0a, ...", async () => {
    const logDir = join(root, "escape");
    const { router, port } = await startHandRouter(["--name", "e", "--log-dir", logDir, "--machines", "3"]);
    const peer = await RawClient.join(port, "m1");
    peer.send({ type: "bye", reason: HOSTILE });
    await router.waitForOutput(/m1 left/);
    router.kill("SIGINT");
    await router.exited();
    const output = router.output();
    expect(output).toContain(`m1 left (${HOSTILE_SHOWN})`);
    expect(output).not.toMatch(CONTROL);
    // The forged line never appears as a line of its own.
    expect(output.split("\n")).not.toContain("clocklab router: m9 joined");
  });

  it("a client shows a router's error code and message escaped", async () => {
    const fake = await fakeRouter((frame) =>
      frame.type === "hello" ? [{ type: "error", code: `BAD${ESC}[2J`, message: HOSTILE }] : [],
    );
    try {
      const client = startHandClient("m1", fake.port, join(root, "escape-client"));
      expect(await client.exited()).toBe(2);
      expect(client.output()).toContain(HOSTILE_SHOWN);
      expect(client.output()).not.toMatch(CONTROL);
    } finally {
      fake.server.close();
    }
  });
});

describe("item 24: a client pointed at something that is not a router", () => {
  let http: HttpServer;
  afterAll(() => http?.close());

  it('says "is not a clocklab router", exits 2, no stack trace', async () => {
    http = createHttpServer((_request, response) => response.end("hello"));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const port = (http.address() as { port: number }).port;
    const logDir = join(root, "http");
    const client = startHandClient("m1", port, logDir);
    expect(await client.exited()).toBe(2);
    expect(client.output()).toContain(`127.0.0.1:${port} is not a clocklab router`);
    expect(client.output()).toContain("HTTP server");
    expect(client.output()).not.toMatch(STACK_FRAME);
    expect(client.output()).not.toContain("bytes"); // not "frame of 1213486160 bytes"
    expect(existsSync(logDir) ? filesUnder(logDir) : []).toEqual([]);
  });
});

/** Every process below `pid` (children, grandchildren, ...), from /proc (Linux). */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirProc()) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may hold spaces: the fields after it are fixed.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parentOf.set(entry, Number(fields[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

function readdirProc(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}
