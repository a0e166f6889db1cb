// clocklab's own version, read once from package.json.
import { readFileSync } from "node:fs";

const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

export const CLOCKLAB_VERSION: string = packageJson.version;
