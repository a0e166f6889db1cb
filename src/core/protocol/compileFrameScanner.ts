// Compiles a frame description into straight-line code that scans one form of the frame: its
// fields in the description's own order (the order a clocklab machine writes them), `type` first,
// optional ones left out or in place, no whitespace. The keys are compared byte by byte where they
// must be and each value is read by the same function the key-by-key scanner uses
// (fieldValues.ts), so it accepts a subset of what that scanner accepts, with the same field
// texts and values; a frame in any other order is left to that scanner (false here). It does not
// check what holds across fields (the frame's rules): the caller does, as for any scan.
import { checkedKey, compileFunction } from "../logFormat/generatedCode.ts";
import type { FieldSpec } from "./fieldSpec.ts";
import {
  chosen,
  scanBoolean,
  scanBoundedNumber,
  scanChoice,
  scanString,
  scanUint,
  scanVector,
  type VectorEntries,
} from "./fieldValues.ts";
import { scanMachineId, scanned } from "./jsonTokens.ts";

/** One field as the scanners see it (frameScanner.ts builds these from the description). */
export interface ScanSlot {
  readonly name: string;
  readonly spec: FieldSpec;
  readonly optional: boolean;
  /** Index into the scanner's arrays. */
  readonly index: number;
  /** An object field's own fields, in the order they must come. */
  readonly fields: readonly ScanSlot[];
  /** An enum field's values as bytes, quotes included. */
  readonly choices: readonly Uint8Array[];
}

/**
 * Scans a frame body in the description's order. True: the fields' texts are where
 * `starts`/`ends` say (absent ones keep the -1 the caller filled in), uint values are in `numbers`
 * (a vector's largest entry too), enum choices in `choiceOf`, the vector's entries in `vector`.
 * False: not in this form (the arrays may hold anything).
 */
export type CanonicalScan = (
  bytes: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  numbers: Float64Array,
  choiceOf: Int32Array,
  vector: VectorEntries,
) => boolean;

const HELPERS = {
  chosen,
  scanBoolean,
  scanBoundedNumber,
  scanChoice,
  scanMachineId,
  scanString,
  scanUint,
  scanVector,
  scanned,
};

/** Whether a field's key has come before it in its object: surely, surely not, or only if an optional one was there. */
type Before = "yes" | "no" | "maybe";

class ScanSource {
  readonly lines: string[] = [];
  readonly constants: Record<string, unknown> = {};

  /** Code that is true when the bytes at `p` are `text` (plain ASCII). */
  matches(text: string): string {
    return [...text].map((_, i) => `b[p${i === 0 ? "" : ` + ${i}`}] === ${text.charCodeAt(i)}`).join(" && ");
  }

  /** A constant the code refers to by name. */
  constant(value: unknown): string {
    const name = `K${Object.keys(this.constants).length}`;
    this.constants[name] = value;
    return name;
  }
}

function valueCode(slot: ScanSlot, out: ScanSource): void {
  const i = slot.index;
  const fail = "if (e < 0) return false;";
  switch (slot.spec.kind) {
    case "uint":
      out.lines.push(
        `e = scanUint(b, p, ${out.constant(slot.spec)}); ${fail}`,
        `numbers[${i}] = scanned.whole;`,
      );
      return;
    case "number":
      out.lines.push(`e = scanBoundedNumber(b, p, ${out.constant(slot.spec)}); ${fail}`);
      return;
    case "boolean":
      out.lines.push(`e = scanBoolean(b, p); ${fail}`);
      return;
    case "string":
      out.lines.push(`e = scanString(b, p, ${out.constant(slot.spec)}); ${fail}`);
      return;
    case "machineId":
      out.lines.push(`e = scanMachineId(b, p); ${fail}`);
      return;
    case "enum":
      out.lines.push(
        `e = scanChoice(b, p, ${out.constant(slot.choices)}); ${fail}`,
        `choiceOf[${i}] = chosen.index;`,
      );
      return;
    case "vector":
      out.lines.push(
        `e = scanVector(b, p, vector); ${fail}`,
        `numbers[${i}] = vector.largest;`,
        `vector.slot = ${i};`,
      );
      return;
    case "object": {
      out.lines.push("if (b[p] !== 123) return false;", "p++;");
      fieldsCode(slot.fields, "no", out);
      out.lines.push("if (b[p] !== 125) return false;", "e = p + 1;");
      return;
    }
    default:
      throw new Error(`frame scanner: no canonical form for a ${slot.spec.kind} field`);
  }
}

/** The fields of one object in order, after its opening brace (or, at the top, after `type`). */
function fieldsCode(fields: readonly ScanSlot[], before: Before, out: ScanSource): void {
  for (const slot of fields) {
    if (before === "maybe") throw new Error("frame scanner: no canonical form after an optional first field");
    const key = `${before === "yes" ? "," : ""}"${checkedKey(slot.name)}":`;
    if (slot.optional) out.lines.push(`if (${out.matches(key)}) {`);
    else out.lines.push(`if (!(${out.matches(key)})) return false;`);
    out.lines.push(`p += ${key.length};`, `const s${slot.index} = p;`);
    valueCode(slot, out);
    out.lines.push(`starts[${slot.index}] = s${slot.index};`, `ends[${slot.index}] = e;`, "p = e;");
    if (slot.optional) out.lines.push("}");
    if (!slot.optional) before = "yes";
    else if (before === "no") before = "maybe";
  }
}

/** The canonical scanner of frames of `type` with these fields, or null if the description has no such form. */
export function compileFrameScanner(type: string, fields: readonly ScanSlot[]): CanonicalScan | null {
  const out = new ScanSource();
  const prefix = `{"type":${JSON.stringify(type)}`;
  if (!/^[ -~]*$/.test(prefix) || prefix.includes("\\")) return null;
  let name: string;
  try {
    name = `scan_${checkedKey(type)}_canonical`;
    fieldsCode(fields, "yes", out);
  } catch {
    return null;
  }
  const body = [
    `return function ${name}(b, starts, ends, numbers, choiceOf, vector) {`,
    "let p = 0;",
    "let e = 0;",
    `if (!(${out.matches(prefix)})) return false;`,
    `p = ${prefix.length};`,
    ...out.lines,
    "return b[p] === 125 && p + 1 === b.length;",
    "};",
  ].join("\n");
  return compileFunction(name, { ...HELPERS, ...out.constants }, body);
}
