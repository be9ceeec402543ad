import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { openWithBetterSqlite3 } from "./better-sqlite3-driver.js";
import type { OpenOptions, SqliteDatabase, SqliteDriver } from "./database.js";
import { migrate } from "./schema.js";

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
  if (!options.fileMustExist && !options.readonly) {
    mkdirSync(dirname(path), { recursive: true });
  }
  const db = driver(path, options);
  try {
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutInMilliseconds}`);
    if (!options.readonly) {
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
    throw error;
  }
}

/** The driver that `openDatabase` uses unless told otherwise. */
export function describeDefaultDriver(): string {
  return defaultDriver === openWithBetterSqlite3 ? "better-sqlite3" : "node:sqlite";
}
