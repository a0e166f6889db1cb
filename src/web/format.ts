// How the page writes times and numbers: true time as seconds since the run's origin.

export function seconds(timeMs: number, originMs: number, digits = 3): string {
  return `${((timeMs - originMs) / 1000).toFixed(digits)} s`;
}

export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** A vector clock as "m1:9 m2:4 m3:7" (ids by index; zero entries included). */
export function vectorText(
  vector: ReadonlyArray<number>,
  ids: ReadonlyArray<string>,
  machines: number,
): string {
  const parts: string[] = [];
  for (let i = 0; i < machines; i++) parts.push(`${ids[i] ?? `#${i}`}:${vector[i] ?? 0}`);
  return parts.join(" ");
}
