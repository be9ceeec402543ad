import type { Writable } from "node:stream";
import { allowlistFilesFor, loadAllowlist } from "../hunt/allowlist.js";
import { openDatabaseForReading } from "../hunt/read-database.js";
import type { HuntDefinition } from "../hunt/run-hunts.js";
import type { DeviceIdentity } from "../scan/identity.js";
import { exportDocumentChunks } from "./export-document.js";
import { writeOutputFile, writeToStream } from "./write-output.js";

export interface ExportDatabaseOptions {
  readonly hunts: readonly HuntDefinition[];
  readonly host: DeviceIdentity;
  /** Allowlist files named on the command line, read after the one beside the database. */
  readonly allowFiles: readonly string[];
  readonly sinceMilliseconds?: number;
  readonly includeRows: boolean;
  readonly now?: Date;
}

/**
 * Writes the findings document of the database at `databasePath` to
 * `outPath` (a regular file is replaced atomically), or to `stdout` when
 * `outPath` is undefined.
 */
export async function exportDatabase(
  databasePath: string,
  outPath: string | undefined,
  options: ExportDatabaseOptions,
  stdout: Writable = process.stdout,
): Promise<void> {
  const allowlist = loadAllowlist(allowlistFilesFor(databasePath, options.allowFiles));
  const db = openDatabaseForReading(databasePath);
  try {
    // One read transaction: hunts, scans and rows come from the same snapshot
    // even while a sweep writes to the database (WAL mode).
    db.exec("BEGIN");
    const chunks = exportDocumentChunks(db, { ...options, allowlist, now: options.now ?? new Date() });
    if (outPath === undefined) await writeToStream(stdout, chunks);
    else writeOutputFile(outPath, chunks);
    db.exec("COMMIT");
  } finally {
    db.close();
  }
}
