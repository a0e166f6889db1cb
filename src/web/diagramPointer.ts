// The pointer on the space-time diagram: a drag scrubs through time (the diagram follows the
// pointer), a click without a drag picks the event under it.
import type { ViewClock } from "./viewClock.ts";

/** Pixels a pointer must move before a press counts as a drag. */
const DRAG_THRESHOLD_PX = 5;
/** The diagram's left margin (machine names), not part of its time axis. */
const NAME_MARGIN_PX = 80;

export function wireDiagramPointer(
  canvas: HTMLCanvasElement,
  clock: ViewClock,
  onClick: (clientX: number, clientY: number) => void,
): void {
  let down: { x: number; endMs: number; dragged: boolean } | null = null;
  canvas.addEventListener("pointerdown", (event: PointerEvent) => {
    down = { x: event.clientX, endMs: clock.endMs(), dragged: false };
  });
  canvas.addEventListener("pointermove", (event: PointerEvent) => {
    if (down === null || event.buttons === 0) return;
    const dx = event.clientX - down.x;
    if (!down.dragged && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
    down.dragged = true;
    const msPerPixel = clock.spanMs / Math.max(1, canvas.clientWidth - NAME_MARGIN_PX);
    clock.scrubTo(down.endMs - dx * msPerPixel);
  });
  canvas.addEventListener("pointerup", (event: PointerEvent) => {
    const wasDrag = down?.dragged ?? false;
    down = null;
    if (!wasDrag) onClick(event.clientX, event.clientY);
  });
}
