/** The sweeps recorded in the `scans` table, as the export document lists them. */
import type { SqliteDatabase, SqlRow } from "../store/database.js";

export interface ExportedScanCounts {
  filesSeen: number;
  filesRead: number;
  filesCached: number;
  filesNotPe: number;
  filesSigned: number;
  filesUnsigned: number;
  filesFailed: number;
  bytesRead: number;
  signatureRows: number;
}

export interface ExportedScan {
  id: number;
  DeviceId: string;
  DeviceName: string;
  startedAt: string;
  /** Null while the sweep runs, and for a sweep that was killed. */
  endedAt: string | null;
  status: string;
  roots: string[];
  counts: ExportedScanCounts;
}

/** Counter columns of the scans table, by their name in the document. */
const countColumns: Record<keyof ExportedScanCounts, string> = {
  filesSeen: "files_seen",
  filesRead: "files_read",
  filesCached: "files_cached",
  filesNotPe: "files_not_pe",
  filesSigned: "files_signed",
  filesUnsigned: "files_unsigned",
  filesFailed: "files_failed",
  bytesRead: "bytes_read",
  signatureRows: "signature_rows",
};

/**
 * Returns the sweeps in range: all of them without `since`, else those still
 * running or that ended (or, if never ended, started) at or after `since`.
 */
export function readScans(db: SqliteDatabase, since?: string): ExportedScan[] {
  const rows =
    since === undefined
      ? db.prepare("SELECT * FROM scans ORDER BY id").all()
      : db
          .prepare("SELECT * FROM scans WHERE status = 'running' OR COALESCE(ended_at, started_at) >= ? ORDER BY id")
          .all(since);
  return rows.map(toExportedScan);
}

function toExportedScan(row: SqlRow): ExportedScan {
  const counts = {} as ExportedScanCounts;
  for (const [name, column] of Object.entries(countColumns)) {
    counts[name as keyof ExportedScanCounts] = Number(row[column] ?? 0);
  }
  return {
    id: Number(row["id"]),
    DeviceId: String(row["DeviceId"]),
    DeviceName: String(row["DeviceName"]),
    startedAt: String(row["started_at"]),
    endedAt: row["ended_at"] === null ? null : String(row["ended_at"]),
    status: String(row["status"]),
    roots: parseRoots(row["roots"]),
    counts,
  };
}

function parseRoots(value: unknown): string[] {
  try {
    const roots: unknown = JSON.parse(String(value));
    return Array.isArray(roots) ? roots.map(String) : [];
  } catch {
    // Written by signsweep as a JSON array; anything else is reported as no roots.
    return [];
  }
}

/** Lists the distinct devices of `scans`, in order of first appearance. */
export function devicesOf(scans: readonly ExportedScan[]): { DeviceId: string; DeviceName: string }[] {
  const seen = new Map<string, { DeviceId: string; DeviceName: string }>();
  for (const scan of scans) {
    const key = `${scan.DeviceId}\n${scan.DeviceName}`;
    if (!seen.has(key)) seen.set(key, { DeviceId: scan.DeviceId, DeviceName: scan.DeviceName });
  }
  return [...seen.values()];
}
