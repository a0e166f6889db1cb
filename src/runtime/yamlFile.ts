// Reads and parses one YAML file (a config file or an experiment file), turning an unreadable
// file or invalid YAML into a UserError that names the file and the cause.
import { readFileSync } from "node:fs";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { UserError } from "../core/userError.ts";

/** The parsed document; `shown` is how errors name the file (as the user typed it). */
export function readYamlFile(path: string, shown: string = path): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new UserError(`${shown}: cannot read the file (${code}); expected a readable YAML file`);
  }
  try {
    return parseYaml(text);
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message.split("\n")[0] : String(error);
    throw new UserError(`${shown}: not valid YAML (${detail})`);
  }
}
