// Bundles the live view's page (src/web/) into dist/web/ with esbuild: app.js (one script, uPlot
// inside), app.css (uPlot's stylesheet and ours) and index.html, so `clocklab watch` serves
// everything from the package and works offline. Run by scripts/build.mjs after tsc; it replaces
// whatever tsc compiled from src/web/, which Node never loads.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { build } from "esbuild";

/** `out`: where the bundle goes (the build writes into a fresh dist before swapping it in). */
export async function buildWeb(out = "dist/web") {
  const OUT = out;
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: { app: "src/web/main.ts" },
    bundle: true,
    format: "iife",
    platform: "browser",
    target: ["chrome109", "firefox115", "safari16"],
    minify: true,
    sourcemap: false,
    legalComments: "eof",
    outdir: OUT,
    logLevel: "warning",
  });
  await build({
    entryPoints: { app: "src/web/styles.css" },
    bundle: true,
    minify: true,
    outdir: OUT,
    logLevel: "warning",
  });
  copyFileSync("src/web/index.html", `${OUT}/index.html`);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildWeb();
