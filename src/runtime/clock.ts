// The host clock for live mode: epoch milliseconds with sub-millisecond resolution, monotonic
// within a process, and consistent across the processes of a run.
//
// performance.timeOrigin is not good enough for that: it is captured once at process start
// against a different clock, and was seen 1-2 ms (and, on a loaded host, 250 ms) away from
// Date.now(), which shifted whole processes' tick schedules. Instead, the offset between the
// wall clock and performance.now() is anchored at the moment Date.now() turns over to the next
// millisecond, which pins it to within a few microseconds.

function anchorOffsetMs(): number {
  // The edge lies between the last call that still saw the old millisecond and the first that saw
  // the new one. A process descheduled in between widens that interval; of a few tries, the
  // narrowest interval wins, so a busy host at start-up cannot shift the clock (it once did by 500 ms).
  let bestWidthMs = Number.POSITIVE_INFINITY;
  let bestOffsetMs = Date.now() - performance.now();
  for (let attempt = 0; attempt < 5; attempt++) {
    const start = Date.now();
    let lastOldMs = performance.now();
    let now = start;
    let before = lastOldMs;
    let after = lastOldMs;
    while (now === start) {
      lastOldMs = before;
      before = performance.now();
      now = Date.now();
      after = performance.now();
    }
    const widthMs = after - lastOldMs;
    if (now === start + 1 && widthMs < bestWidthMs) {
      bestWidthMs = widthMs;
      bestOffsetMs = now - (lastOldMs + after) / 2;
    }
  }
  return bestOffsetMs;
}

const offsetMs = anchorOffsetMs();

export function hostNowMs(): number {
  return offsetMs + performance.now();
}
