/**
 * Perf: the columns a hunt must read from SQLite. On a large table the pass
 * over every row is most of a hunt's time, and its cost grows with the
 * number of columns read. So that pass reads only ReportId and the columns
 * the queries use. The columns shown for each row behind a result are read
 * afterwards, for those rows alone.
 */
import type { KqlQuery } from "../kql/index.js";
import { compileQuery } from "../kql/pipeline.js";
import { certificateInfoColumns, DEVICE_FILE_CERTIFICATE_INFO, type CertificateInfoRow } from "../store/columns.js";
import type { SqliteDatabase } from "../store/database.js";
import { matchedRowColumns } from "./run-hunts.js";

const tableColumns = certificateInfoColumns.map(({ name, type }) => ({ name, type }));

/** Keeps each `IN (...)` list under SQLite's limit on host parameters (999 before SQLite 3.32). */
const reportIdsPerStatement = 500;

/**
 * Returns ReportId and the table columns that `queries` read, or undefined
 * when some query passes whole table rows on, so that every column is needed.
 */
export function columnsReadBy(queries: readonly KqlQuery[]): string[] | undefined {
  const names = new Set<string>(["ReportId"]);
  for (const query of queries) {
    // The same compilation that runKqlBatch does; `now` only fixes now() values, unused here.
    const compiled = compileQuery(query.ast, { tableColumns, now: 0, trackSources: false });
    if (compiled.tableColumnsUsed === "all") return undefined;
    for (const index of compiled.tableColumnsUsed) names.add(tableColumns[index]!.name);
  }
  return [...names];
}

/**
 * Reads the columns kept for each row behind a result (which include every
 * column an allowlist entry matches on) for the rows with `reportIds`.
 */
export function readMatchedRowColumns(
  db: SqliteDatabase,
  reportIds: readonly number[],
): Map<number, CertificateInfoRow> {
  const rows = new Map<number, CertificateInfoRow>();
  for (let start = 0; start < reportIds.length; start += reportIdsPerStatement) {
    const batch = reportIds.slice(start, start + reportIdsPerStatement);
    const placeholders = batch.map(() => "?").join(", ");
    const statement = db.prepare(
      `SELECT ${matchedRowColumns.join(", ")} FROM ${DEVICE_FILE_CERTIFICATE_INFO} WHERE ReportId IN (${placeholders})`,
    );
    for (const row of statement.iterate(...batch)) rows.set(Number(row["ReportId"]), row as CertificateInfoRow);
  }
  return rows;
}
