// Where the live view's built page is (dist/web/, bundled at build time): beside this module in
// the compiled package, or in dist/ when running from src/ through tsx during development.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { UserError } from "../../core/userError.ts";

export const PAGE_FILES = ["index.html", "app.js", "app.css"] as const;

export function findWebRoot(): string {
  const candidates = [new URL("../../web/", import.meta.url), new URL("../../../dist/web/", import.meta.url)];
  for (const candidate of candidates) {
    const dir = fileURLToPath(candidate);
    if (PAGE_FILES.every((file) => existsSync(`${dir}${file}`))) return dir;
  }
  throw new UserError(
    "the live view's page is not built (dist/web/app.js is missing); run `npm run build` (npm install does it)",
  );
}
