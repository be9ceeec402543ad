/** Read-only access to a sweep's database for hunts and exports. */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
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
  let db: SqliteDatabase | undefined;
  let versionRow;
  try {
    db = openDatabase(path, { fileMustExist: true, readonly: true });
    versionRow = db.prepare("PRAGMA user_version").get();
  } catch (error) {
    db?.close();
    if (!isReadOnlyLocationError(error)) throw error;
    db = openSnapshotCopy(path);
    versionRow = db.prepare("PRAGMA user_version").get();
  }
  try {
    const version = Number(versionRow?.["user_version"] ?? 0);
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

/**
 * True for SQLite's error when a WAL database cannot be read in place: a
 * reader must create the `-shm` file beside it, which fails on read-only media
 * and in folders the user cannot write.
 */
function isReadOnlyLocationError(error: unknown): boolean {
  return error instanceof Error && /attempt to write a readonly database/.test(error.message);
}

/**
 * Copy the database and its write-ahead log to a private temporary folder and
 * open the copy read-only. The folder is removed when the database is closed.
 * better-sqlite3 is built without URI filenames, so SQLite's `immutable=1`
 * open is not available.
 */
function openSnapshotCopy(path: string): SqliteDatabase {
  const folder = mkdtempSync(join(tmpdir(), "signsweep-read-"));
  const copy = join(folder, basename(path));
  try {
    copyFileSync(path, copy);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    const db = openDatabase(copy, { fileMustExist: true, readonly: true });
    // The process may end without close(), as when the reader of stdout goes away.
    const removeFolder = () => rmSync(folder, { recursive: true, force: true });
    process.once("exit", removeFolder);
    return {
      ...db,
      close: () => {
        db.close();
        removeFolder();
        process.off("exit", removeFolder);
      },
    };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
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
