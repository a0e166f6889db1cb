// The part of cli-progress 3.12 that clocklab uses (the package ships no types of its own, and
// @types/cli-progress is not a dependency).
declare module "cli-progress" {
  interface Options {
    stream?: NodeJS.WritableStream;
    format?: string;
    hideCursor?: boolean;
    clearOnComplete?: boolean;
    etaBuffer?: number;
    fps?: number;
    noTTYOutput?: boolean;
  }
  interface Preset {
    barCompleteChar: string;
    barIncompleteChar: string;
  }
  class SingleBar {
    constructor(options: Options, preset?: Preset);
    start(total: number, value: number, payload?: Record<string, unknown>): void;
    update(value: number, payload?: Record<string, unknown>): void;
    stop(): void;
  }
  const Presets: { shades_classic: Preset; legacy: Preset; rect: Preset };
  const cliProgress: { SingleBar: typeof SingleBar; Presets: typeof Presets };
  export default cliProgress;
}
