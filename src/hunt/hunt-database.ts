import type { SqliteDatabase } from "../store/database.js";
import { Allowlist, allowlistFilesFor, loadAllowlist } from "./allowlist.js";
import { columnsReadBy, readMatchedRowColumns } from "./columns-read.js";
import { iterateCertificateInfoRows, openDatabaseForReading } from "./read-database.js";
import { runHunts, type HuntDefinition, type HuntReport } from "./run-hunts.js";
import { earliestTimestampNeeded } from "./time-window.js";

/** Return the later of two ISO 8601 UTC times, either of which may be absent. */
function laterOf(first: string | undefined, second: string | undefined): string | undefined {
  if (first === undefined) return second;
  if (second === undefined) return first;
  return first > second ? first : second;
}

export interface HuntDatabaseOptions {
  /** Allowlist files named on the command line, read after the one beside the database. */
  readonly allowFiles?: readonly string[];
  readonly now?: Date;
  /** Only rows observed at or after this ISO 8601 UTC time. */
  readonly since?: string;
}

/**
 * Runs `hunts` over the database at `databasePath` in one streamed pass,
 * with `allowlist.json` from the database's folder and the given allowlists.
 */
export function huntDatabase(
  databasePath: string,
  hunts: readonly HuntDefinition[],
  options: HuntDatabaseOptions = {},
): HuntReport {
  const allowlist = loadAllowlist(allowlistFilesFor(databasePath, options.allowFiles ?? []));
  const db = openDatabaseForReading(databasePath);
  try {
    // One read transaction: both reads see the same snapshot while a sweep writes.
    db.exec("BEGIN");
    const report = huntOpenDatabase(db, hunts, { allowlist, ...options });
    db.exec("COMMIT");
    return report;
  } finally {
    db.close();
  }
}

/**
 * Runs `hunts` over an open database: one pass over the table reading only
 * the columns the queries use, then the columns a responder needs for the
 * rows behind the results. Call it inside a read transaction.
 */
export function huntOpenDatabase(
  db: SqliteDatabase,
  hunts: readonly HuntDefinition[],
  options: { allowlist: Allowlist; now?: Date; since?: string },
): HuntReport {
  const columns = columnsReadBy(hunts.map((hunt) => hunt.kql));
  // Perf: one now() for the pushdown and the queries, so that rows older
  // than every query's Timestamp window are never read from SQLite.
  const now = options.now ?? new Date();
  const since = laterOf(options.since, earliestTimestampNeeded(hunts.map((hunt) => hunt.kql), now));
  const rows = () => iterateCertificateInfoRows(db, since, columns);
  return runHunts(hunts, rows, {
    allowlist: options.allowlist,
    now,
    ...(columns !== undefined ? { readMatchedRows: (reportIds) => readMatchedRowColumns(db, reportIds) } : {}),
  });
}
