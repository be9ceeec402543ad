/**
 * Table rows in the form a central DeviceFileCertificateInfo table ingests:
 * Defender's column names, booleans as JSON booleans, datetimes as ISO 8601
 * strings, and CrlDistributionPointUrls as Defender has it, a string that
 * contains a JSON array.
 */
import { certificateInfoColumns, DEVICE_FILE_CERTIFICATE_INFO, type KqlType } from "../store/columns.js";
import type { SqliteDatabase } from "../store/database.js";

/** A column of the exported rows: its KQL type, and whether Defender's table has it. */
export interface ExportedColumn {
  readonly name: string;
  readonly type: KqlType;
  readonly defender: boolean;
}

/**
 * The exported columns: the table's columns in order, then ScanId, which
 * links a row to the document's `scans`.
 */
export const exportedColumns: readonly ExportedColumn[] = [
  ...certificateInfoColumns,
  { name: "ScanId", type: "long", defender: false },
];

/**
 * The shape of the datetimes signsweep stores (`2026-12-04T15:25:46.000Z`),
 * as a SQLite GLOB pattern.
 */
const isoDatetimeGlob = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z";

/**
 * Returns the SQL expression for a column's exported JSON value. A stored value
 * of the wrong kind (text in a long column, a datetime in another form)
 * becomes null, so the document always matches its schema.
 */
function exportedValueSql(column: ExportedColumn): string {
  const name = column.name;
  switch (column.type) {
    case "bool":
      return `CASE WHEN ${name} IS NULL THEN NULL WHEN ${name} != 0 THEN json('true') ELSE json('false') END`;
    case "long":
      return `CASE WHEN typeof(${name}) = 'integer' THEN ${name} END`;
    case "datetime":
      return `CASE WHEN ${name} GLOB '${isoDatetimeGlob}' THEN ${name} END`;
    case "string":
    case "dynamic":
      return `CAST(${name} AS TEXT)`;
  }
}

/**
 * Iterates the table's rows observed at or after `since` (all when
 * undefined), in ReportId order, each as one line of JSON text.
 * Perf: SQLite builds the JSON with json_object(). On 200,000 rows from
 * scripts/lib/synthetic-rows.mjs that took about a quarter of the CPU time
 * of reading the 25 columns into JavaScript and serializing them there.
 */
export function iterateExportedRowJson(db: SqliteDatabase, since?: string): Generator<string> {
  const pairs = exportedColumns.map((column) => `'${column.name}', ${exportedValueSql(column)}`);
  const select = `SELECT json_object(${pairs.join(", ")}) AS row FROM ${DEVICE_FILE_CERTIFICATE_INFO}`;
  const rows =
    since === undefined
      ? db.prepare(`${select} ORDER BY ReportId`).iterate()
      : db.prepare(`${select} WHERE Timestamp >= ? ORDER BY ReportId`).iterate(since);
  return jsonTexts(rows);
}

function* jsonTexts(rows: IterableIterator<Record<string, unknown>>): Generator<string> {
  for (const row of rows) yield String(row["row"]);
}
