// Opens the live view in headless Chromium (the system's /usr/bin/chromium through
// playwright-core, a fresh profile; nothing is downloaded) and collects what would be a
// problem on the page: console errors, uncaught exceptions, and requests to anywhere but the
// watch server itself.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export const haveChromium = existsSync(CHROMIUM);

export interface WatchPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and foreign requests, in order. */
  problems: string[];
  close(): Promise<void>;
}

export async function openWatchPage(url: string): Promise<WatchPage> {
  const profile = mkdtempSync(join(tmpdir(), "clocklab-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1300, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  const origin = new URL(url).origin;
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    const target = request.url();
    if (
      !target.startsWith(origin) &&
      !target.startsWith(origin.replace("http", "ws")) &&
      !target.startsWith("data:")
    ) {
      problems.push(`request elsewhere: ${target}`);
    }
  });
  await page.goto(url, { waitUntil: "load" });
  return { context, page, problems, close: () => context.close() };
}

/** Waits until the page has its first snapshot of the run. */
export async function waitUntilReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__clocklabWatch?.ready() === true, null, { timeout: 20_000 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), "clocklab-watch-shot-")), `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`live view screenshot: ${path}`);
  return path;
}

/** Clicks an event once the page has drawn it, and waits until the page has selected it. */
export async function clickEvent(page: Page, machine: string, seq: number): Promise<void> {
  // The page draws on its own schedule: wait for the frame that shows the event.
  const handle = await page.waitForFunction(
    ([m, s]) => window.__clocklabWatch!.position(m as string, s as number),
    [machine, seq] as const,
    { timeout: 10_000 },
  );
  const position = (await handle.jsonValue()) as { x: number; y: number };
  await page.mouse.click(position.x, position.y);
  await page.waitForFunction(
    (key) => window.__clocklabWatch!.selection()?.selected === key,
    `${machine}#${seq}`,
    {
      timeout: 10_000,
    },
  );
}
