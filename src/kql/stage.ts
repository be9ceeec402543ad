/**
 * Tabular operators run as a chain of push-based sinks, so that one pass over
 * the table can feed several queries at once.
 */
import type { CertificateInfoRow } from "../store/columns.js";
import type { CompileContext } from "./compiled-expression.js";
import type { KqlColumn, Row } from "./values.js";

export interface RowSink {
  push(row: Row): void;
  /** Called once after the last row; blocking operators emit their rows here. */
  end(): void;
}

/** A compiled tabular operator: its output schema and a factory for its sink. */
export interface Stage {
  readonly schema: readonly KqlColumn[];
  connect(next: RowSink): RowSink;
  /**
   * A test on one string column of the input that every row this stage
   * passes on must satisfy. Its result depends on the column's value alone,
   * so a runner may skip the stage for rows whose value id already failed.
   */
  readonly valueFilter?: ValueFilter;
}

export interface ValueFilter {
  readonly column: number;
  readonly test: (row: Row) => unknown;
}

export interface StageContext extends CompileContext {
  /** True when rows carry the table rows behind them. */
  readonly trackSources: boolean;
  /**
   * Records which input columns the operator reads; `"all"` when it passes
   * every column on. Only table columns that some operator reads are
   * converted from their stored form.
   */
  readonly useColumns: (columns: Iterable<number> | "all") => void;
}

/** Joins the source rows of the rows that an aggregating operator merges. */
export function mergeSources(rows: readonly Row[]): CertificateInfoRow[] | null {
  if (rows.length === 0 || rows[0]!.sources === null) return null;
  const merged: CertificateInfoRow[] = [];
  for (const row of rows) for (const source of row.sources!) merged.push(source);
  return merged;
}

/** Passes each row through `map`, which may drop it, for row-at-a-time operators. */
export function mappingSink(next: RowSink, map: (row: Row) => Row | undefined): RowSink {
  return {
    push(row) {
      const mapped = map(row);
      if (mapped !== undefined) next.push(mapped);
    },
    end: () => next.end(),
  };
}

/** Buffers every row and emits on end(), for operators that need all rows first. */
export function bufferingSink(next: RowSink, emit: (rows: Row[]) => Iterable<Row>): RowSink {
  const rows: Row[] = [];
  return {
    push: (row) => {
      rows.push(row);
    },
    end() {
      for (const row of emit(rows)) next.push(row);
      next.end();
    },
  };
}

/** Builds a Map key that is equal for equal value lists and keeps strings apart from numbers. */
export function groupKey(values: readonly unknown[]): string {
  let key = "";
  for (const value of values) {
    if (typeof value === "string") key += `s${value.length}:${value}`;
    else if (value === null || value === undefined) key += "n;";
    else if (typeof value === "number" || typeof value === "boolean") {
      key += `${typeof value}${value};`;
    }
    else key += `j${JSON.stringify(value)};`;
  }
  return key;
}
