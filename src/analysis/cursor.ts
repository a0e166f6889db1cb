// A cursor over one machine's log: its current event, advanced synchronously while buffered text
// lasts (`advance()` answers "fill" when the next chunk must be read first). Bad lines are counted
// and reported as one warning per file; a cut last line is reported separately.
import { type AnalysisEvent, readClocklabBytes, readClocklabLine } from "./event.ts";
import { JsonArrayReader } from "./jsonArrayReader.ts";
import { LineReader } from "./lineReader.ts";
import { asPythonEvent, type PythonMachineContext } from "./pythonEvent.ts";

export type Advance = boolean | "fill";

export interface FileProblems {
  /** Items that were not valid JSON or not a usable event. */
  badItems: number;
  firstBadItem: number | null;
  /** The file ended in the middle of a line / element. */
  truncated: boolean;
  overlongLines: number;
  /** Lines the fast decoder did not take, read through JSON.parse instead (see readClocklabLine). */
  slowPathLines: number;
}

export interface EventCursor {
  readonly machine: number;
  readonly file: string;
  current: AnalysisEvent | undefined;
  readonly problems: FileProblems;
  advance(): Advance;
  fill(): Promise<void>;
  close(): Promise<void>;
}

function newProblems(): FileProblems {
  return { badItems: 0, firstBadItem: null, truncated: false, overlongLines: 0, slowPathLines: 0 };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Moves a cursor to its next event, reading more of the file as needed. False at the end. */
export async function nextEvent(cursor: EventCursor): Promise<boolean> {
  let result = cursor.advance();
  while (result === "fill") {
    await cursor.fill();
    result = cursor.advance();
  }
  return result;
}

/** A clocklab `<id>.jsonl` file: one event per line. */
export class JsonlCursor implements EventCursor {
  readonly machine: number;
  readonly file: string;
  current: AnalysisEvent | undefined;
  readonly problems = newProblems();
  readonly #reader: LineReader;
  #finished = false;

  private constructor(machine: number, file: string, reader: LineReader) {
    this.machine = machine;
    this.file = file;
    this.#reader = reader;
  }

  static async open(machine: number, file: string, path: string, chunkBytes?: number): Promise<JsonlCursor> {
    return new JsonlCursor(machine, file, await LineReader.open(path, chunkBytes, true));
  }

  advance(): Advance {
    const reader = this.#reader;
    for (;;) {
      let event: AnalysisEvent | null;
      // While the file is ASCII, its lines are read from its bytes; else (and then) from text.
      const inBytes = reader.nextBytes();
      if (inBytes === true) {
        const { lineBytes, lineStart, lineEnd } = reader;
        if (lineStart === lineEnd) continue;
        event = readClocklabBytes(lineBytes, lineStart, lineEnd, this.problems);
      } else {
        const line = inBytes === undefined ? undefined : reader.nextLine();
        if (line === undefined) {
          if (!reader.eof) return "fill";
          return this.#finish();
        }
        if (line.length === 0) continue;
        event = readClocklabLine(line, this.problems);
      }
      if (event !== null) {
        this.current = event;
        return true;
      }
      this.#bad(reader.lineNumber);
    }
  }

  #finish(): boolean {
    if (this.#finished) return false;
    this.#finished = true;
    this.problems.overlongLines = this.#reader.overlongLines;
    const rest = this.#reader.remainder();
    this.current = undefined;
    if (rest.trim().length === 0) return false;
    // A last line without its newline: keep it if it is whole, else the writer was cut off.
    const event = readClocklabLine(rest, this.problems);
    if (event === null) {
      this.problems.truncated = true;
      return false;
    }
    this.current = event;
    return true;
  }

  #bad(item: number): void {
    this.problems.badItems++;
    this.problems.firstBadItem ??= item;
  }

  async fill(): Promise<void> {
    await this.#reader.fill();
  }

  async close(): Promise<void> {
    await this.#reader.close();
  }
}

/** A client-*.json file of the original Python exercise: one JSON array of events. */
export class PythonCursor implements EventCursor {
  readonly machine: number;
  readonly file: string;
  current: AnalysisEvent | undefined;
  readonly problems = newProblems();
  readonly #reader: JsonArrayReader;
  readonly #context: PythonMachineContext;

  private constructor(machine: number, file: string, reader: JsonArrayReader, context: PythonMachineContext) {
    this.machine = machine;
    this.file = file;
    this.#reader = reader;
    this.#context = context;
  }

  static async open(
    machine: number,
    file: string,
    path: string,
    context: PythonMachineContext,
    chunkBytes?: number,
  ): Promise<PythonCursor> {
    return new PythonCursor(machine, file, await JsonArrayReader.open(path, chunkBytes), context);
  }

  advance(): Advance {
    const reader = this.#reader;
    for (;;) {
      const element = reader.nextElement();
      if (element === undefined) {
        if (!reader.eof) return "fill";
        if (!reader.closed && reader.elementNumber + this.problems.badItems > 0)
          this.problems.truncated = true;
        this.current = undefined;
        return false;
      }
      const event = asPythonEvent(tryParse(element), reader.elementNumber, this.#context);
      if (event !== null) {
        this.current = event;
        return true;
      }
      this.problems.badItems++;
      this.problems.firstBadItem ??= reader.elementNumber;
    }
  }

  async fill(): Promise<void> {
    await this.#reader.fill();
  }

  async close(): Promise<void> {
    await this.#reader.close();
  }
}
