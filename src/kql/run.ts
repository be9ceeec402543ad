/**
 * Public entry points: parse a query, run one or several queries over rows
 * that the caller supplies (from SQLite, a file, or built in a test).
 */
import { SignsweepError } from "../errors.js";
import {
  certificateInfoColumns,
  DEVICE_FILE_CERTIFICATE_INFO,
  type CertificateInfoRow,
} from "../store/columns.js";
import type { QueryAst } from "./ast.js";
import { KqlSyntaxError } from "./errors.js";
import { parseQueryAst } from "./parser.js";
import { compileQuery, type CompiledQuery } from "./pipeline.js";
import { RowConverter } from "./row-conversion.js";
import { RowDispatcher } from "./row-dispatch.js";
import type { RowSink } from "./stage.js";
import { toJsonValue, type KqlColumn, type Row } from "./values.js";

/** A parsed query, checked against the table's columns. */
export interface KqlQuery {
  readonly text: string;
  readonly ast: QueryAst;
}

export interface KqlResult {
  readonly columns: readonly KqlColumn[];
  /** One JSON-ready object per result row: datetimes as ISO 8601 strings, make_set as arrays. */
  readonly rows: Record<string, unknown>[];
  /**
   * With `withSourceRows`, the table rows behind each result row, in the
   * same order as `rows`: the rows a summarize group was built from, or the
   * one table row behind a filtered or projected row.
   */
  readonly sourceRows?: CertificateInfoRow[][];
}

export interface RunOptions {
  /** The query's `now()`; defaults to the current time. Fixed for the whole run. */
  readonly now?: Date | number | string;
  /** Keep the table rows behind each result row in `KqlResult.sourceRows`. */
  readonly withSourceRows?: boolean;
}

/** Table rows, or a function returning them (called once per run). */
export type RowInput = Iterable<CertificateInfoRow> | (() => Iterable<CertificateInfoRow>);

const tableColumns: readonly KqlColumn[] = certificateInfoColumns.map(({ name, type }) => ({
  name,
  type,
}));

/**
 * Parses a query and checks its table, columns, functions and types, so that
 * errors surface before any row is read.
 */
export function parseKql(text: string): KqlQuery {
  try {
    const ast = parseQueryAst(text, { tables: [DEVICE_FILE_CERTIFICATE_INFO] });
    compileQuery(ast, { tableColumns, now: Date.now(), trackSources: false });
    return { text, ast };
  } catch (error) {
    // NOTE: the nesting limit and the flattened and/or chains bound the usual
    // shapes, but a chain of thousands of `+` still recurses once per term.
    if (error instanceof RangeError) {
      throw new KqlSyntaxError(
        { line: 1, column: 1 },
        "query is too deeply nested to compile; split long chains of operators or remove parentheses",
      );
    }
    throw error;
  }
}

/** Runs one query over the rows. */
export function runKql(
  query: KqlQuery | string,
  rows: RowInput,
  options: RunOptions = {},
): KqlResult {
  return runKqlBatch([query], rows, options)[0]!;
}

/**
 * Runs several queries over one pass of the rows, all with the same
 * `now()`. Results come back in query order.
 */
export function runKqlBatch(
  queries: readonly (KqlQuery | string)[],
  rows: RowInput,
  options: RunOptions = {},
): KqlResult[] {
  const now = resolveNow(options.now);
  const trackSources = options.withSourceRows === true;
  const compiled = queries.map((query) => {
    const ast = typeof query === "string" ? parseKql(query).ast : query.ast;
    return compileQuery(ast, { tableColumns, now, trackSources });
  });

  const converter = new RowConverter(tableColumns, unionOfColumnsUsed(compiled), trackSources);
  const collectors = compiled.map(() => new Collector());
  const heads = compiled.map((query, index) => connectStages(query, collectors[index]!));
  const filters = compiled.map((query) => query.stages[0]?.valueFilter);
  const dispatcher = new RowDispatcher(converter, heads, filters);
  const input = typeof rows === "function" ? rows() : rows;
  for (const stored of input) dispatcher.push(stored);
  dispatcher.end();

  return compiled.map((query, index) =>
    toResult(query.columns, collectors[index]!.rows, trackSources),
  );
}

function resolveNow(now: RunOptions["now"]): number {
  if (now === undefined) return Date.now();
  let milliseconds: number;
  if (now instanceof Date) milliseconds = now.getTime();
  else if (typeof now === "number") milliseconds = now;
  else milliseconds = Date.parse(now);
  if (Number.isNaN(milliseconds)) {
    throw new SignsweepError(
      "InvalidArgument",
      `invalid 'now' for the query: ${String(now)}; use an ISO 8601 datetime`,
    );
  }
  return milliseconds;
}

function unionOfColumnsUsed(queries: readonly CompiledQuery[]): ReadonlySet<number> | "all" {
  const union = new Set<number>();
  for (const query of queries) {
    if (query.tableColumnsUsed === "all") return "all";
    for (const index of query.tableColumnsUsed) union.add(index);
  }
  return union;
}

class Collector implements RowSink {
  readonly rows: Row[] = [];
  push(row: Row): void {
    this.rows.push(row);
  }
  end(): void {}
}

function connectStages(query: CompiledQuery, collector: RowSink): RowSink {
  let sink = collector;
  for (let index = query.stages.length - 1; index >= 0; index -= 1) {
    sink = query.stages[index]!.connect(sink);
  }
  return sink;
}

function toResult(
  columns: readonly KqlColumn[],
  rows: readonly Row[],
  withSources: boolean,
): KqlResult {
  const objects = rows.map((row) => {
    const object: Record<string, unknown> = {};
    columns.forEach((column, index) => {
      object[column.name] = toJsonValue(column.type, row.values[index]);
    });
    return object;
  });
  if (!withSources) return { columns, rows: objects };
  return { columns, rows: objects, sourceRows: rows.map((row) => [...(row.sources ?? [])]) };
}
