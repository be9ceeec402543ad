import type { SqliteDatabase } from "../store/database.js";
import { Allowlist, allowlistFilesFor, loadAllowlist } from "./allowlist.js";
import { columnsReadBy } from "./columns-read.js";
import { iterateCertificateInfoRows, openDatabaseForReading } from "./read-database.js";
import { runHunts, type HuntDefinition, type HuntReport } from "./run-hunts.js";

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
    return huntOpenDatabase(db, hunts, { allowlist, ...options });
  } finally {
    db.close();
  }
}

/** Runs `hunts` over an open database, reading only the columns they need. */
export function huntOpenDatabase(
  db: SqliteDatabase,
  hunts: readonly HuntDefinition[],
  options: { allowlist: Allowlist; now?: Date; since?: string },
): HuntReport {
  const columns = columnsReadBy(hunts.map((hunt) => hunt.kql));
  const rows = () => iterateCertificateInfoRows(db, options.since, columns);
  return runHunts(hunts, rows, { allowlist: options.allowlist, ...(options.now ? { now: options.now } : {}) });
}
