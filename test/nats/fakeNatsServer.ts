// A stand-in executable called nats-server, for the failure paths a real server rarely takes: it
// answers --version like nats-server, then either exits at once with an error, or runs without
// ever serving (optionally ignoring SIGTERM, so only SIGKILL ends it; it prints "ready" once it does).
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type FakeBehaviour = "exit-with-error" | "hang" | "hang-ignoring-sigterm";

export function writeFakeNatsServer(dir: string, behaviour: FakeBehaviour): string {
  const binDir = join(dir, `fake-${behaviour}`);
  mkdirSync(binDir, { recursive: true });
  const path = join(binDir, "nats-server");
  const body = {
    "exit-with-error": `console.error("[FTL] fake nats-server: configuration refused"); process.exit(1);`,
    hang: "setInterval(() => {}, 1000);",
    "hang-ignoring-sigterm": `process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000);`,
  }[behaviour];
  writeFileSync(
    path,
    `#!${process.execPath}\n` +
      `if (process.argv.includes("--version")) { console.log("nats-server: v2.9.10"); process.exit(0); }\n` +
      `${body}\n`,
  );
  chmodSync(path, 0o755);
  return path;
}
