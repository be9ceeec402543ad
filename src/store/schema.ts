import { certificateInfoColumns, DEVICE_FILE_CERTIFICATE_INFO } from "./columns.js";
import type { SqliteDatabase } from "./database.js";

/** SQLite column type for each KQL type of the table. */
const sqliteTypeOf = {
  string: "TEXT",
  datetime: "TEXT",
  bool: "INTEGER",
  long: "INTEGER",
  dynamic: "TEXT",
} as const;

function certificateInfoTableSql(): string {
  const columns = certificateInfoColumns.map((column) =>
    column.name === "ReportId"
      ? // AUTOINCREMENT keeps ReportId increasing even after prune deletes the newest rows.
        "ReportId INTEGER PRIMARY KEY AUTOINCREMENT"
      : `${column.name} ${sqliteTypeOf[column.type]}`,
  );
  columns.push("ScanId INTEGER NOT NULL REFERENCES scans(id)");
  return `CREATE TABLE ${DEVICE_FILE_CERTIFICATE_INFO} (\n  ${columns.join(",\n  ")}\n)`;
}

/**
 * Forward migrations, oldest first. Migration N brings the schema from version
 * N-1 to N; `PRAGMA user_version` records the version reached. Never edit a
 * released migration: append a new one.
 */
const migrations: ReadonlyArray<(db: SqliteDatabase) => void> = [
  (db) => {
    db.exec(`
      CREATE TABLE scans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        DeviceId TEXT NOT NULL,
        DeviceName TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL,
        roots TEXT NOT NULL,
        options TEXT NOT NULL,
        files_seen INTEGER NOT NULL DEFAULT 0,
        files_read INTEGER NOT NULL DEFAULT 0,
        files_cached INTEGER NOT NULL DEFAULT 0,
        files_not_pe INTEGER NOT NULL DEFAULT 0,
        files_signed INTEGER NOT NULL DEFAULT 0,
        files_unsigned INTEGER NOT NULL DEFAULT 0,
        files_failed INTEGER NOT NULL DEFAULT 0,
        bytes_read INTEGER NOT NULL DEFAULT 0,
        signature_rows INTEGER NOT NULL DEFAULT 0
      )`);
    db.exec(certificateInfoTableSql());
    db.exec(`
      CREATE INDEX certificate_info_by_time ON ${DEVICE_FILE_CERTIFICATE_INFO} (Timestamp);
      CREATE INDEX certificate_info_by_scan ON ${DEVICE_FILE_CERTIFICATE_INFO} (ScanId);
      CREATE TABLE errors (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scan_id INTEGER NOT NULL REFERENCES scans(id),
        path TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        observed_at TEXT NOT NULL
      );
      CREATE INDEX errors_by_scan ON errors (scan_id);
      -- What the last read of each file found, so that an unchanged file is not
      -- read again. The identity of a file is its path, size, mtime and file id.
      CREATE TABLE file_cache (
        DeviceId TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns TEXT NOT NULL,
        file_id TEXT NOT NULL,
        is_pe INTEGER NOT NULL,
        report TEXT NOT NULL,
        last_scan_id INTEGER NOT NULL,
        PRIMARY KEY (DeviceId, path)
      ) WITHOUT ROWID;`);
  },
  (db) => {
    // ctime catches a file rewritten at the same size with its mtime set
    // back; reader_version makes an upgraded signsweep read files again.
    db.exec(`
      ALTER TABLE file_cache ADD COLUMN ctime_ns TEXT NOT NULL DEFAULT '';
      ALTER TABLE file_cache ADD COLUMN reader_version TEXT NOT NULL DEFAULT '';`);
  },
  (db) => {
    // Perf: a WITHOUT ROWID table keeps each cached report (a kilobyte or
    // two of JSON) inside the primary-key B-tree, which SQLite's documentation
    // advises against for rows over about a twentieth of a page. With a rowid
    // and a separate unique index a rescan's lookup took 3.0 µs instead of
    // 7.7 µs (20,000 rows, better-sqlite3 12, in memory).
    db.exec(`
      CREATE TABLE file_cache_by_rowid (
        DeviceId TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns TEXT NOT NULL,
        file_id TEXT NOT NULL,
        is_pe INTEGER NOT NULL,
        report TEXT NOT NULL,
        last_scan_id INTEGER NOT NULL,
        ctime_ns TEXT NOT NULL DEFAULT '',
        reader_version TEXT NOT NULL DEFAULT '',
        UNIQUE (DeviceId, path)
      );
      INSERT INTO file_cache_by_rowid
        SELECT DeviceId, path, size, mtime_ns, file_id, is_pe, report, last_scan_id, ctime_ns, reader_version
          FROM file_cache;
      DROP TABLE file_cache;
      ALTER TABLE file_cache_by_rowid RENAME TO file_cache;`);
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = migrations.length;

/**
 * Reject an SQLite file that another program wrote: its user_version is 0,
 * but it already has tables. The first migration creates signsweep's tables
 * and sets user_version in one transaction, so signsweep never leaves that
 * state behind. The file is left unchanged.
 */
export function rejectForeignDatabase(db: SqliteDatabase): void {
  const version = Number(db.prepare("PRAGMA user_version").get()?.["user_version"] ?? 0);
  if (version !== 0) return;
  const table = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' LIMIT 1")
    .get();
  if (table !== undefined) {
    throw new Error(
      `${db.path} is an SQLite database of another program (it has a table '${String(table["name"])}' ` +
        "but no signsweep schema version); give --db a new file or a signsweep database",
    );
  }
}

/**
 * Bring the database to SCHEMA_VERSION, or to `targetVersion` when tests
 * build a database as an older release left it. A database written by a
 * newer signsweep is rejected rather than guessed at.
 */
export function migrate(db: SqliteDatabase, targetVersion: number = SCHEMA_VERSION): void {
  rejectForeignDatabase(db);
  const row = db.prepare("PRAGMA user_version").get();
  const current = Number(row?.["user_version"] ?? 0);
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `${db.path} has schema version ${current}, newer than this signsweep (${SCHEMA_VERSION}); upgrade signsweep`,
    );
  }
  for (let version = current; version < Math.min(targetVersion, SCHEMA_VERSION); version++) {
    db.transaction(() => {
      migrations[version]!(db);
      db.exec(`PRAGMA user_version = ${version + 1}`);
    });
  }
}
