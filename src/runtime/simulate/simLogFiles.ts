// The simulation's log files: each file gets a fixed byte buffer that lines are encoded into as
// they come (so no line string outlives its event: the garbage collector stays out of the way)
// and is written out whenever full. The buffers share a memory budget, so memory stays bounded at
// any number of machines. Descriptors come from OpenFiles (bounded, for 10,000 files).
import { join } from "node:path";
import { NO_ROOM } from "../../core/logFormat/compileByteEncoder.ts";
import { encodeEventLine, eventLineJson } from "../../core/logFormat/eventLine.ts";
import { type ByteTarget, byteTarget } from "../../core/logFormat/jsonBytes.ts";
import { encodeRouterEntry, routerLogJson } from "../../core/logFormat/routerLine.ts";
import type { RouterLogEntry } from "../../core/routerLog.ts";
import type { EventLine } from "../../core/types.ts";
import type { LineOutput, SimulationOutput } from "../../sim/output.ts";
import { machineLogFile, ROUTER_LOG_FILE } from "../runDirectory.ts";
import { OpenFiles } from "./openFiles.ts";

export interface SimLogFilesOptions {
  /** Bytes of buffer for all machine files together. */
  budgetBytes?: number;
  /** Largest buffer of one file, bytes. */
  maxFileBufferBytes?: number;
  maxOpenFiles?: number;
}

const NEWLINE = 0x0a;
/** UTF-16 code units take at most 3 bytes in UTF-8. */
const MAX_BYTES_PER_CHAR = 3;

class FileBuffer implements LineOutput {
  readonly path: string;
  readonly #files: OpenFiles;
  readonly #buffer: Buffer;
  readonly #target: ByteTarget;
  #used = 0;

  constructor(path: string, files: OpenFiles, bytes: number) {
    this.path = path;
    this.#files = files;
    this.#buffer = Buffer.allocUnsafe(bytes);
    this.#target = byteTarget(this.#buffer);
  }

  writeLine(line: string): void {
    const worstCase = line.length * MAX_BYTES_PER_CHAR + 1;
    if (this.#used + worstCase > this.#buffer.length) {
      this.flush();
      if (worstCase > this.#buffer.length) {
        this.#files.append(this.path, `${line}\n`);
        return;
      }
    }
    this.#used += this.#buffer.write(line, this.#used, "utf8");
    this.#buffer[this.#used++] = NEWLINE;
  }

  writeEvent(event: EventLine): void {
    // The encoder checks for room first and never writes past the end (which would also make V8
    // recompile its stores in a slower, bounds-tolerant form).
    let end = encodeEventLine(event, this.#target, this.#used);
    if (end === NO_ROOM) {
      this.flush();
      end = encodeEventLine(event, this.#target, 0);
    }
    // Still no room: the line is longer than the buffer, and goes out on its own.
    if (end >= 0) this.#used = end;
    else this.writeLine(eventLineJson(event));
  }

  writeRouterEntry(entry: RouterLogEntry): void {
    let end = encodeRouterEntry(entry, this.#target, this.#used);
    if (end === NO_ROOM) {
      this.flush();
      end = encodeRouterEntry(entry, this.#target, 0);
    }
    if (end >= 0) this.#used = end;
    else this.writeLine(routerLogJson(entry));
  }

  flush(): void {
    if (this.#used === 0) return;
    this.#files.append(this.path, this.#buffer.subarray(0, this.#used));
    this.#used = 0;
  }
}

export class SimLogFiles implements SimulationOutput {
  readonly router: FileBuffer;
  readonly #runDir: string;
  readonly #files: OpenFiles;
  readonly #machines: FileBuffer[] = [];
  readonly #fileBufferBytes: number;

  /** `machineCount` sizes the buffers so that all of them fit the budget. */
  constructor(runDir: string, machineCount: number, options: SimLogFilesOptions = {}) {
    this.#runDir = runDir;
    this.#files = new OpenFiles(options.maxOpenFiles);
    const budget = options.budgetBytes ?? 64 * 1024 * 1024;
    const largest = options.maxFileBufferBytes ?? 1024 * 1024;
    this.#fileBufferBytes = Math.max(4096, Math.min(largest, Math.floor(budget / Math.max(1, machineCount))));
    this.router = this.#open(join(runDir, ROUTER_LOG_FILE), largest);
  }

  machine(id: string): LineOutput {
    const buffer = this.#open(machineLogFile(this.#runDir, id), this.#fileBufferBytes);
    this.#machines.push(buffer);
    return buffer;
  }

  /** Writes every buffered line to its file. */
  flush(): void {
    for (const buffer of this.#machines) buffer.flush();
    this.router.flush();
  }

  close(): void {
    this.flush();
    this.#files.closeAll();
  }

  #open(path: string, bytes: number): FileBuffer {
    // Every file exists from the start, so a machine with no events still has its (empty) log.
    this.#files.append(path, "");
    return new FileBuffer(path, this.#files, bytes);
  }
}
