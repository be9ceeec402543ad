import type { HuntDefinition, HuntReport } from "./run-hunts.js";
import { runHunts } from "./run-hunts.js";
import { allowlistFilesFor, loadAllowlist } from "./allowlist.js";
import { iterateCertificateInfoRows, openDatabaseForReading } from "./read-database.js";

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
    const rows = () => iterateCertificateInfoRows(db, options.since);
    return runHunts(hunts, rows, { allowlist, ...(options.now ? { now: options.now } : {}) });
  } finally {
    db.close();
  }
}
