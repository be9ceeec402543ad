/** Read-only access to a sweep's database for hunts and exports. */
import { existsSync } from "node:fs";
import { SignsweepError } from "../errors.js";
import { certificateInfoColumns, DEVICE_FILE_CERTIFICATE_INFO, type CertificateInfoRow } from "../store/columns.js";
import type { SqliteDatabase } from "../store/database.js";
import { openDatabase } from "../store/open-database.js";
import { SCHEMA_VERSION } from "../store/schema.js";

/** The database named by --db (or the default path) does not exist or is not signsweep's. */
export class DatabaseNotFoundError extends SignsweepError {
  constructor(readonly path: string, detail: string) {
    super("DatabaseNotFound", detail);
  }
}

/**
 * Opens an existing signsweep database read-only. Raises DatabaseNotFoundError
 * when the file is missing or has another schema version.
 */
export function openDatabaseForReading(path: string): SqliteDatabase {
  if (!existsSync(path)) {
    throw new DatabaseNotFoundError(
      path,
      `database not found: ${path}; run 'signsweep scan' first (with the same --db) to create it`,
    );
  }
  const db = openDatabase(path, { fileMustExist: true, readonly: true });
  try {
    const version = Number(db.prepare("PRAGMA user_version").get()?.["user_version"] ?? 0);
    if (version !== SCHEMA_VERSION) {
      const fix =
        version === 0
          ? "it is not a signsweep database; run 'signsweep scan' to create one"
          : version < SCHEMA_VERSION
            ? "run 'signsweep scan' once with this version to upgrade it"
            : "it was written by a newer signsweep; upgrade signsweep";
      throw new DatabaseNotFoundError(path, `${path} has schema version ${version}, expected ${SCHEMA_VERSION}: ${fix}`);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Every column a row can be read with: the table's columns, then ScanId. */
export const selectedColumns: readonly string[] = [...certificateInfoColumns.map((column) => column.name), "ScanId"];

/**
 * Iterates the table's rows in ReportId order, observed at or after `since`
 * (ISO 8601 UTC) when given. `columns` must come from `selectedColumns`,
 * and defaults to all of them. Rows are streamed from SQLite one at a time,
 * so memory stays flat however large the table is.
 */
export function iterateCertificateInfoRows(
  db: SqliteDatabase,
  since?: string,
  columns: readonly string[] = selectedColumns,
): IterableIterator<CertificateInfoRow> {
  const from = `SELECT ${columns.join(", ")} FROM ${DEVICE_FILE_CERTIFICATE_INFO}`;
  const rows =
    since === undefined
      ? db.prepare(`${from} ORDER BY ReportId`).iterate()
      : db.prepare(`${from} WHERE Timestamp >= ? ORDER BY ReportId`).iterate(since);
  return rows as IterableIterator<CertificateInfoRow>;
}
