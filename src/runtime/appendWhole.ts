// Appending lines so that a failed write (a full disk) never leaves half a line behind. A write
// on a nearly full disk can be short: the kernel takes part of the bytes, and the next write fails.
// Whatever part of the text reached the file is cut back to its last complete line, so the file
// ends after a whole line and every line already written stays readable. Nothing is paid for this
// on the happy path: the file's size is looked up only after a failure.
import { fstatSync, ftruncateSync, writeSync } from "node:fs";

const NEWLINE = 0x0a;

/** Appends `data` (whole lines) to `fd`; on failure, cuts the file back to its last whole line and throws. */
export function appendWhole(fd: number, data: string | Uint8Array): void {
  let bytes: Uint8Array;
  let written = 0;
  if (typeof data === "string") {
    // Text goes to the kernel as it is (no buffer of its own to make); only a short write, which
    // has to go on where it stopped, needs the bytes.
    written = writeSync(fd, data);
    if (written === Buffer.byteLength(data)) return;
    bytes = Buffer.from(data);
  } else bytes = data;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  } catch (error) {
    if (written > 0) cutBack(fd, bytes, written);
    throw error;
  }
}

function cutBack(fd: number, bytes: Uint8Array, written: number): void {
  try {
    const sizeBefore = fstatSync(fd).size - written;
    const keep = bytes.lastIndexOf(NEWLINE, written - 1) + 1;
    ftruncateSync(fd, sizeBefore + keep);
  } catch {
    // The analyser ignores a cut-off last line; the write's own error is the one to report.
  }
}
