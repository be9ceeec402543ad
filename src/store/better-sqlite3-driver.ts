import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import {
  adaptStatement,
  runInTransaction,
  type SqliteDatabase,
  type SqliteDriver,
  type SqlValue,
} from "./database.js";

/**
 * Open a database with better-sqlite3. The module is loaded on first use, so
 * builds that never call this (the single executable) never touch the addon.
 */
export const openWithBetterSqlite3: SqliteDriver = (path, options) => {
  const require = createRequire(import.meta.url);
  const Database = require("better-sqlite3") as typeof BetterSqlite3;
  const db = new Database(path, {
    fileMustExist: options.fileMustExist ?? false,
    readonly: options.readonly ?? false,
  });
  const version = db.prepare("SELECT sqlite_version() AS v").get() as { v: string };

  const database: SqliteDatabase = {
    driver: { name: "better-sqlite3", sqliteVersion: version.v },
    path,
    exec: (sql) => void db.exec(sql),
    prepare: (sql) => adaptStatement(db.prepare<SqlValue[]>(sql)),
    transaction: (work) => runInTransaction((sql) => db.exec(sql), work),
    close: () => db.close(),
  };
  return database;
};
