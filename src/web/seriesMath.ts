// Arithmetic behind the charts, on sampled columns (per machine, per row; null = no event yet):
// Lamport lag (a machine's value minus the largest across machines at the same instant), the
// min/median/max band across machines, and the standout machines worth a line of their own.

export type Column = ReadonlyArray<number | null>;

/** Per machine, per row: value − the row's largest value (≤ 0); null where the machine has none. */
export function lagColumns(lamport: ReadonlyArray<Column>, rows: number): Array<Array<number | null>> {
  const largest: number[] = new Array(rows).fill(Number.NEGATIVE_INFINITY);
  for (const column of lamport) {
    for (let r = 0; r < rows; r++) {
      const value = column[r];
      if (value !== null && value !== undefined && value > largest[r]!) largest[r] = value;
    }
  }
  return lamport.map((column) => {
    const lag: Array<number | null> = new Array(rows);
    for (let r = 0; r < rows; r++) {
      const value = column[r];
      lag[r] = value === null || value === undefined ? null : value - largest[r]!;
    }
    return lag;
  });
}

export interface Band {
  min: Array<number | null>;
  median: Array<number | null>;
  max: Array<number | null>;
}

/** Min, median and max across machines for every row (null where no machine has a value). */
export function bandOf(columns: ReadonlyArray<Column>, rows: number): Band {
  const band: Band = { min: new Array(rows), median: new Array(rows), max: new Array(rows) };
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    values.length = 0;
    for (const column of columns) {
      const value = column[r];
      if (value !== null && value !== undefined) values.push(value);
    }
    if (values.length === 0) {
      band.min[r] = band.median[r] = band.max[r] = null;
      continue;
    }
    values.sort((a, b) => a - b);
    const middle = values.length >> 1;
    band.min[r] = values[0]!;
    band.max[r] = values[values.length - 1]!;
    band.median[r] = values.length % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
  }
  return band;
}

/**
 * The `count` machines that stand out over the rows shown: lowest (or highest) mean value, ties
 * by index. Machines with no value at all are never picked, and none when all are alike.
 */
export function standouts(
  columns: ReadonlyArray<Column>,
  count: number,
  direction: "lowest" | "highest",
): number[] {
  const means: Array<{ machine: number; mean: number }> = [];
  columns.forEach((column, machine) => {
    let sum = 0;
    let n = 0;
    for (const value of column) {
      if (value !== null && value !== undefined) {
        sum += value;
        n++;
      }
    }
    if (n > 0) means.push({ machine, mean: sum / n });
  });
  // When every machine looks the same, none stands out.
  if (means.every((entry) => entry.mean === means[0]!.mean)) return [];
  const sign = direction === "lowest" ? 1 : -1;
  means.sort((a, b) => sign * (a.mean - b.mean) || a.machine - b.machine);
  return means.slice(0, count).map((entry) => entry.machine);
}
