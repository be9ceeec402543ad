import type { CertificateInfoRow } from "../store/columns.js";
import { fromStoredValue, parseStoredDatetime, type KqlColumn, type Row } from "./values.js";

/**
 * Caps the distinct values numbered per string column. Past the cap, a value
 * gets id -1 and cached predicates fall back to a Map keyed by the string.
 */
export const maxValueIdsPerColumn = 65_536;

type CellConverter = (value: unknown) => unknown;

interface ColumnConverter {
  readonly index: number;
  readonly name: string;
  readonly convert: CellConverter;
  /** Numbers distinct values; only for string columns. */
  readonly valueIds: Map<string, number> | null;
}

/**
 * Converts table rows to the evaluator's form once per run, shared by every
 * query of the run. Only the columns some query reads are converted; the
 * others stay undefined. Perf: string cells also get a value id, so a cached
 * predicate such as `Signer has_any (...)` costs one array read per row and
 * query instead of a Map lookup.
 */
export class RowConverter {
  private readonly converters: readonly ColumnConverter[];
  private readonly columnCount: number;

  constructor(
    columns: readonly KqlColumn[],
    used: ReadonlySet<number> | "all",
    private readonly trackSources: boolean,
  ) {
    this.columnCount = columns.length;
    const indexes =
      used === "all" ? columns.map((_column, index) => index) : [...used].sort((a, b) => a - b);
    this.converters = indexes.map((index) => {
      const column = columns[index]!;
      return {
        index,
        name: column.name,
        convert: cellConverter(column),
        valueIds: column.type === "string" ? new Map<string, number>() : null,
      };
    });
  }

  /** Converts only the listed columns (schema indexes); completeRow adds the others. */
  convertColumns(stored: CertificateInfoRow, columns: readonly number[]): Row {
    const row: Row = {
      values: new Array(this.columnCount),
      sources: this.trackSources ? [stored] : null,
      valueIds: new Array<number>(this.columnCount).fill(-1),
    };
    for (const converter of this.converters) {
      if (columns.includes(converter.index)) this.convertCell(stored, row, converter);
    }
    return row;
  }

  /** Converts the used columns that convertColumns skipped. */
  completeRow(stored: CertificateInfoRow, row: Row, convertedColumns: readonly number[]): void {
    for (const converter of this.converters) {
      if (!convertedColumns.includes(converter.index)) this.convertCell(stored, row, converter);
    }
  }

  private convertCell(stored: CertificateInfoRow, row: Row, converter: ColumnConverter): void {
    const value = converter.convert(stored[converter.name]);
    row.values[converter.index] = value;
    if (converter.valueIds !== null) {
      (row.valueIds as number[])[converter.index] = valueIdOf(converter.valueIds, value as string);
    }
  }
}

function valueIdOf(ids: Map<string, number>, value: string): number {
  const id = ids.get(value);
  if (id !== undefined) return id;
  if (ids.size >= maxValueIdsPerColumn) return -1;
  ids.set(value, ids.size);
  return ids.size - 1;
}

function cellConverter(column: KqlColumn): CellConverter {
  if (column.type === "datetime") return parseTableDatetime;
  const type = column.type;
  return (value) => fromStoredValue(type, value);
}

// Datetimes

/** `YYYY-MM-DDTHH:MM:SS.mmmZ`, the form the table stores. */
const storedDatetimeLength = 24;
const storedDatetimeSeparators: readonly [number, string][] = [
  [4, "-"],
  [7, "-"],
  [10, "T"],
  [13, ":"],
  [16, ":"],
  [19, "."],
  [23, "Z"],
];

/**
 * Parses the table's datetime form with integer arithmetic, and anything
 * else with Date.parse. Perf: Date.parse dominated a run over 200,000 rows
 * whose timestamps are all distinct.
 */
export function parseTableDatetime(value: unknown): number | null {
  if (typeof value !== "string" || value.length !== storedDatetimeLength) {
    return parseStoredDatetime(value);
  }
  for (const [position, separator] of storedDatetimeSeparators) {
    if (value[position] !== separator) return parseStoredDatetime(value);
  }
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const second = digitsAt(value, 17, 2);
  const millisecond = digitsAt(value, 20, 3);
  // digitsAt returns -1 for a non-digit, and a bitwise or of -1 stays negative.
  if ((year | month | day | hour | minute | second | millisecond) < 0) {
    return parseStoredDatetime(value);
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return parseStoredDatetime(value);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
}

/** Read the number written by `count` ASCII digits at `start`, or -1 if one is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  const zero = 0x30;
  const nine = 0x39;
  let number = 0;
  for (let index = start; index < start + count; index += 1) {
    const code = text.charCodeAt(index);
    if (code < zero || code > nine) return -1;
    number = number * 10 + (code - zero);
  }
  return number;
}
