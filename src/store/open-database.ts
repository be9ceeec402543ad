import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { SignsweepError } from "../errors.js";
import { openWithBetterSqlite3 } from "./better-sqlite3-driver.js";
import type { OpenOptions, SqliteDatabase, SqliteDriver } from "./database.js";
import { migrate, rejectForeignDatabase } from "./schema.js";

/** The file named by --db cannot be opened as a signsweep database. */
export class DatabaseOpenError extends SignsweepError {
  constructor(readonly path: string, detail: string, options?: { cause?: unknown }) {
    super("DatabaseOpen", detail, options);
  }
}

/** Check what `path` names before SQLite's bare "unable to open database file" can. */
function checkDatabasePath(path: string, options: OpenOptions): void {
  if (path === ":memory:") return;
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new DatabaseOpenError(path, `database path ${path} is a folder; give --db a file path such as ${path}/signsweep.db`);
  }
  if (options.fileMustExist && !existsSync(path)) {
    throw new DatabaseOpenError(
      path,
      `database not found: ${path}; run 'signsweep scan' first (with the same --db) to create it`,
    );
  }
  if (!options.fileMustExist && !options.readonly) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === "EEXIST" || code === "ENOTDIR" ? "a file is in the way" : (error as Error).message;
      throw new DatabaseOpenError(
        path,
        `cannot create the folder ${dirname(path)} for database ${path}: ${reason}; give --db a path inside a folder`,
        { cause: error },
      );
    }
  }
}

let defaultDriver: SqliteDriver = openWithBetterSqlite3;

/** Choose the driver for every later open; the single executable picks node:sqlite. */
export function setDefaultSqliteDriver(driver: SqliteDriver): void {
  defaultDriver = driver;
}

/** Milliseconds a writer waits for another process's lock before failing. */
const busyTimeoutInMilliseconds = 10_000;

/**
 * Open (creating it and its folder unless `fileMustExist`) a signsweep
 * database, switch it to WAL mode and migrate it to the current schema.
 */
export function openDatabase(
  path: string,
  options: OpenOptions = {},
  driver: SqliteDriver = defaultDriver,
): SqliteDatabase {
  checkDatabasePath(path, options);
  let db: SqliteDatabase;
  try {
    db = driver(path, options);
  } catch (error) {
    throw describeOpenFailure(path, error);
  }
  try {
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutInMilliseconds}`);
    if (!options.readonly) {
      // Checked before WAL mode is set, which would rewrite the file's header.
      rejectForeignDatabase(db);
      // WAL keeps readers (hunt, export) working during a sweep, and a killed
      // sweep loses at most its open transaction.
      db.exec("PRAGMA journal_mode = WAL");
      db.exec("PRAGMA synchronous = NORMAL");
      migrate(db);
    }
    db.exec("PRAGMA foreign_keys = ON");
    return db;
  } catch (error) {
    db.close();
    throw describeOpenFailure(path, error);
  }
}

/** Name the path and a fix in SQLite's open errors, which name neither. */
function describeOpenFailure(path: string, error: unknown): unknown {
  if (error instanceof SignsweepError || !(error instanceof Error)) return error;
  if (error.message.includes(path)) return error;
  const fix =
    error.message === "file is not a database"
      ? "give --db a signsweep database or a new file"
      : "check that the file and its folder exist and are readable and writable";
  return new DatabaseOpenError(path, `cannot open database ${path}: ${error.message}; ${fix}`, { cause: error });
}

/** Name the driver that `openDatabase` uses unless `setDefaultSqliteDriver` changed it. */
export function describeDefaultDriver(): string {
  return defaultDriver === openWithBetterSqlite3 ? "better-sqlite3" : "node:sqlite";
}
