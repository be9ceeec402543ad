/**
 * The one interface through which signsweep talks to SQLite. The npm CLI backs
 * it with better-sqlite3; the single executable build backs it with Node's
 * built-in `node:sqlite`, because a native addon cannot be loaded from inside
 * a single executable application's blob.
 */

export type SqlValue = string | number | bigint | null | Uint8Array;
export type SqlRow = Record<string, SqlValue>;

export interface RunResult {
  changes: number | bigint;
  lastInsertRowid: number | bigint;
}

/** A prepared statement; parameters are positional (`?`). */
export interface PreparedStatement {
  run(...params: SqlValue[]): RunResult;
  get(...params: SqlValue[]): SqlRow | undefined;
  all(...params: SqlValue[]): SqlRow[];
  iterate(...params: SqlValue[]): IterableIterator<SqlRow>;
}

export interface SqliteDriverInfo {
  /** Package or module name: "better-sqlite3" or "node:sqlite". */
  name: string;
  /** Version of the SQLite library the driver runs. */
  sqliteVersion: string;
}

export interface SqliteDatabase {
  readonly driver: SqliteDriverInfo;
  readonly path: string;
  exec(sql: string): void;
  prepare(sql: string): PreparedStatement;
  /**
   * Run `work` inside BEGIN IMMEDIATE ... COMMIT, rolling back if it throws.
   * `work` must be synchronous: an await inside would let other writes
   * interleave with the open transaction.
   */
  transaction<T>(work: () => T): T;
  close(): void;
}

export interface OpenOptions {
  /** Fail instead of creating the file when it does not exist. */
  fileMustExist?: boolean;
  readonly?: boolean;
}

export type SqliteDriver = (path: string, options: OpenOptions) => SqliteDatabase;

/** The statement methods both drivers share, with their own row types. */
interface DriverStatement {
  run(...params: SqlValue[]): RunResult;
  get(...params: SqlValue[]): unknown;
  all(...params: SqlValue[]): unknown[];
  iterate(...params: SqlValue[]): IterableIterator<unknown>;
}

/** Adapt a driver's prepared statement to PreparedStatement's row types. */
export function adaptStatement(statement: DriverStatement): PreparedStatement {
  return {
    run: (...params) => statement.run(...params),
    get: (...params) => statement.get(...params) as SqlRow | undefined,
    all: (...params) => statement.all(...params) as SqlRow[],
    iterate: (...params) => statement.iterate(...params) as IterableIterator<SqlRow>,
  };
}

/**
 * Wrap `work` in an IMMEDIATE transaction on a driver that has no transaction
 * helper of its own. IMMEDIATE takes the write lock at BEGIN, so a second
 * sweep on the same file waits for the busy timeout instead of failing later
 * at its first write.
 */
export function runInTransaction<T>(exec: (sql: string) => void, work: () => T): T {
  exec("BEGIN IMMEDIATE");
  try {
    const result = work();
    exec("COMMIT");
    return result;
  } catch (error) {
    exec("ROLLBACK");
    throw error;
  }
}
