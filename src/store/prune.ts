import { DEVICE_FILE_CERTIFICATE_INFO } from "./columns.js";
import type { SqliteDatabase } from "./database.js";

export interface PruneResult {
  rows: number;
  errors: number;
  scans: number;
}

/**
 * Delete observation rows and error records older than `cutoff` (ISO 8601
 * UTC), then the scans that no longer have either. The file cache stays, so
 * the next sweep still skips unchanged files.
 */
export function pruneObservations(db: SqliteDatabase, cutoff: string): PruneResult {
  return db.transaction(() => {
    const rows = db.prepare(`DELETE FROM ${DEVICE_FILE_CERTIFICATE_INFO} WHERE Timestamp < ?`).run(cutoff);
    const errors = db.prepare("DELETE FROM errors WHERE observed_at < ?").run(cutoff);
    const scans = db
      .prepare(
        `DELETE FROM scans WHERE status != 'running' AND started_at < ?
           AND id NOT IN (SELECT ScanId FROM ${DEVICE_FILE_CERTIFICATE_INFO})
           AND id NOT IN (SELECT scan_id FROM errors)
           AND id NOT IN (SELECT last_scan_id FROM file_cache)`,
      )
      .run(cutoff);
    return { rows: Number(rows.changes), errors: Number(errors.changes), scans: Number(scans.changes) };
  });
}
