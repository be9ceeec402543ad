import type { CertificateInfoRow } from "../store/columns.js";
import { fromStoredValue, parseStoredDatetime, type KqlColumn, type Row } from "./values.js";

/**
 * Caps each datetime cache; past the cap, datetimes are parsed on every read.
 * Perf: rows of one sweep share few distinct certificate times, so most
 * datetime cells are parsed once per run, not once per row.
 */
export const maxCachedDatetimesPerColumn = 262_144;

type CellConverter = (value: unknown) => unknown;

/**
 * Converts table rows to the evaluator's form once per run, shared by every
 * query of the run. Only the columns some query reads are converted; the
 * others stay undefined.
 */
export class RowConverter {
  private readonly converters: { index: number; name: string; convert: CellConverter }[];

  constructor(
    columns: readonly KqlColumn[],
    used: ReadonlySet<number> | "all",
    private readonly trackSources: boolean,
  ) {
    const indexes = used === "all" ? columns.map((_column, index) => index) : [...used].sort((a, b) => a - b);
    this.converters = indexes.map((index) => {
      const column = columns[index]!;
      return { index, name: column.name, convert: cellConverter(column) };
    });
  }

  convert(stored: CertificateInfoRow): Row {
    const values: unknown[] = [];
    for (const { index, name, convert } of this.converters) values[index] = convert(stored[name]);
    return { values, sources: this.trackSources ? [stored] : null };
  }
}

function cellConverter(column: KqlColumn): CellConverter {
  if (column.type !== "datetime") return (value) => fromStoredValue(column.type, value);
  const cache = new Map<unknown, number | null>();
  return (value) => {
    const cached = cache.get(value);
    if (cached !== undefined) return cached;
    const milliseconds = parseStoredDatetime(value);
    if (cache.size < maxCachedDatetimesPerColumn) cache.set(value, milliseconds);
    return milliseconds;
  };
}
