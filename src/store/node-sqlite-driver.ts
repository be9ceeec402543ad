import {
  adaptStatement,
  runInTransaction,
  type SqliteDatabase,
  type SqliteDriver,
  type SqlValue,
} from "./database.js";

/** The subset of `node:sqlite` (Node 22.13 and later) that signsweep uses. */
interface NodeSqliteStatement {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: SqlValue[]): unknown;
  all(...params: SqlValue[]): unknown[];
  iterate(...params: SqlValue[]): IterableIterator<unknown>;
}
interface NodeSqliteModule {
  DatabaseSync: new (
    path: string,
    options?: { open?: boolean; readOnly?: boolean },
  ) => {
    exec(sql: string): void;
    prepare(sql: string): NodeSqliteStatement;
    close(): void;
  };
}

/**
 * Load `node:sqlite` without a static import: Node 20 has no such module, and
 * the npm CLI must still start there. `process.getBuiltinModule` exists from
 * Node 22.3.
 */
function loadNodeSqlite(): NodeSqliteModule {
  const getBuiltinModule = (
    process as unknown as { getBuiltinModule?: (id: string) => unknown }
  ).getBuiltinModule;
  const sqlite = getBuiltinModule?.("node:sqlite") as NodeSqliteModule | undefined;
  if (!sqlite) {
    throw new Error(
      `node:sqlite is not available in Node ${process.version}; use Node 22.13 or later, or the better-sqlite3 driver`,
    );
  }
  return sqlite;
}

/**
 * Silence the one ExperimentalWarning that `node:sqlite` prints on first use,
 * leaving every other warning alone.
 */
function silenceSqliteExperimentalWarning(): void {
  const originalEmit = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    const type = typeof rest[0] === "string" ? rest[0] : (rest[0] as { type?: string })?.type;
    if (type === "ExperimentalWarning" && text.includes("SQLite")) return;
    (originalEmit as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}

let warningSilenced = false;

/** Open a database with Node's built-in `node:sqlite`. */
export const openWithNodeSqlite: SqliteDriver = (path, options) => {
  if (!warningSilenced) {
    silenceSqliteExperimentalWarning();
    warningSilenced = true;
  }
  const sqlite = loadNodeSqlite();
  if (options.fileMustExist) {
    // DatabaseSync creates missing files; probe with a read-only open first.
    new sqlite.DatabaseSync(path, { readOnly: true }).close();
  }
  const db = new sqlite.DatabaseSync(path, { readOnly: options.readonly ?? false });
  const version = db.prepare("SELECT sqlite_version() AS v").get() as { v: string };

  const database: SqliteDatabase = {
    driver: { name: "node:sqlite", sqliteVersion: version.v },
    path,
    exec: (sql) => db.exec(sql),
    prepare: (sql) => adaptStatement(db.prepare(sql)),
    transaction: (work) => runInTransaction((sql) => db.exec(sql), work),
    close: () => db.close(),
  };
  return database;
};
