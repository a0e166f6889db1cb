// One timer armed for an absolute host time (a session's next wake-up). Re-arming for the same
// time is free; an earlier or later time replaces the pending timer.
import { hostNowMs } from "./clock.ts";

export class WakeTimer {
  readonly #onWake: () => void;
  #timer: NodeJS.Timeout | null = null;
  #armedForMs = Number.NaN;

  constructor(onWake: () => void) {
    this.#onWake = onWake;
  }

  armAt(atMs: number): void {
    if (this.#timer !== null && atMs === this.#armedForMs) return;
    this.cancel();
    this.#armedForMs = atMs;
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.#armedForMs = Number.NaN;
        this.#onWake();
      },
      Math.max(0, atMs - hostNowMs()),
    );
  }

  cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#armedForMs = Number.NaN;
  }
}
