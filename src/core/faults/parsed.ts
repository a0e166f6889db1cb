// The result of reading one part of a fault (a target, a link, a latency model): the value, or
// what was expected there, with the place below the part where it went wrong (an item of a list).

export type Parsed<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      expected: string;
      /** Below the part: e.g. [1] for the second item of a list; empty for the part itself. */
      at: Array<string | number>;
    };

export const parsed = <T>(value: T): Parsed<T> => ({ ok: true, value });

export const wrong = <T = never>(expected: string, at: Array<string | number> = []): Parsed<T> => ({
  ok: false,
  expected,
  at,
});
