import type { FileReport } from "../model.js";
import { SIGNSWEEP_VERSION } from "../version.js";
import { DEVICE_FILE_CERTIFICATE_INFO } from "./columns.js";
import type { PreparedStatement, SqliteDatabase, SqlValue } from "./database.js";

/**
 * The signsweep release that read a cached result. A result from another
 * release is read again, because a newer reader may find what an older one
 * missed.
 */
const readerVersion = SIGNSWEEP_VERSION;

/** A file's identity on disk: when all of it is unchanged, its content is taken as unchanged. */
export interface FileIdentity {
  path: string;
  size: number;
  /** Modification time in nanoseconds, as a decimal string (exceeds 2^53). */
  mtimeNs: string;
  /**
   * Status change time in nanoseconds (ChangeTime on Windows). Unlike mtime,
   * an unprivileged user cannot set it back, so a file rewritten in place at
   * the same size with its mtime restored is still read again.
   */
  ctimeNs: string;
  /** Device and inode (file index on Windows), as `dev:ino`. */
  fileId: string;
}

export interface CachedFile {
  isPe: boolean;
  report: FileReport;
}

/** Counters of one sweep, as stored in the scans table. */
export interface ScanCounts {
  files_seen: number;
  files_read: number;
  files_cached: number;
  files_not_pe: number;
  files_signed: number;
  files_unsigned: number;
  files_failed: number;
  bytes_read: number;
  signature_rows: number;
}

export function emptyCounts(): ScanCounts {
  return {
    files_seen: 0, files_read: 0, files_cached: 0, files_not_pe: 0, files_signed: 0,
    files_unsigned: 0, files_failed: 0, bytes_read: 0, signature_rows: 0,
  };
}

/** One batch of work, written in one transaction. */
export interface ScanBatch {
  rows: SqlValue[][];
  cacheUpdates: Array<{ identity: FileIdentity; isPe: boolean; report: FileReport }>;
  errors: Array<{ path: string; code: string; message: string; observedAt: string }>;
}

/**
 * Writes of one sweep. Every statement is prepared once. Each batch is one
 * transaction, so a sweep killed at any point leaves whole batches and a
 * scans row whose counters match them.
 */
export class ScanStore {
  private readonly insertRow: PreparedStatement;
  private readonly upsertCache: PreparedStatement;
  private readonly selectCache: PreparedStatement;
  private readonly insertError: PreparedStatement;
  private readonly updateCounts: PreparedStatement;

  constructor(
    private readonly db: SqliteDatabase,
    readonly scanId: number,
    private readonly deviceId: string,
    insertRowSql: string,
  ) {
    this.insertRow = db.prepare(insertRowSql);
    this.upsertCache = db.prepare(
      `INSERT INTO file_cache (DeviceId, path, size, mtime_ns, ctime_ns, file_id, is_pe, report,
         last_scan_id, reader_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (DeviceId, path) DO UPDATE SET size = excluded.size,
         mtime_ns = excluded.mtime_ns, ctime_ns = excluded.ctime_ns, file_id = excluded.file_id,
         is_pe = excluded.is_pe, report = excluded.report, last_scan_id = excluded.last_scan_id,
         reader_version = excluded.reader_version`,
    );
    this.selectCache = db.prepare(
      `SELECT size, mtime_ns, ctime_ns, file_id, is_pe, report, reader_version
         FROM file_cache WHERE DeviceId = ? AND path = ?`,
    );
    this.insertError = db.prepare(
      "INSERT INTO errors (scan_id, path, code, message, observed_at) VALUES (?, ?, ?, ?, ?)",
    );
    this.updateCounts = db.prepare(
      `UPDATE scans SET files_seen = ?, files_read = ?, files_cached = ?, files_not_pe = ?,
         files_signed = ?, files_unsigned = ?, files_failed = ?, bytes_read = ?, signature_rows = ?
       WHERE id = ?`,
    );
  }

  /** Return the cached result for `identity` when the file is unchanged since it was read. */
  lookup(identity: FileIdentity): CachedFile | undefined {
    const row = this.selectCache.get(this.deviceId, identity.path);
    if (!row) return undefined;
    const unchanged =
      Number(row["size"]) === identity.size &&
      row["mtime_ns"] === identity.mtimeNs &&
      row["ctime_ns"] === identity.ctimeNs &&
      row["file_id"] === identity.fileId &&
      row["reader_version"] === readerVersion;
    if (!unchanged) return undefined;
    return { isPe: row["is_pe"] === 1, report: JSON.parse(String(row["report"])) as FileReport };
  }

  /** Write a batch and the sweep's counters so far, atomically. */
  write(batch: ScanBatch, counts: ScanCounts): void {
    this.db.transaction(() => {
      for (const row of batch.rows) this.insertRow.run(...row);
      for (const { identity, isPe, report } of batch.cacheUpdates) {
        this.upsertCache.run(
          this.deviceId, identity.path, identity.size, identity.mtimeNs, identity.ctimeNs,
          identity.fileId, isPe ? 1 : 0, JSON.stringify(report), this.scanId, readerVersion,
        );
      }
      for (const error of batch.errors) {
        this.insertError.run(this.scanId, error.path, error.code, error.message, error.observedAt);
      }
      this.writeCounts(counts);
    });
  }

  private writeCounts(counts: ScanCounts): void {
    this.updateCounts.run(
      counts.files_seen, counts.files_read, counts.files_cached, counts.files_not_pe,
      counts.files_signed, counts.files_unsigned, counts.files_failed, counts.bytes_read,
      counts.signature_rows, this.scanId,
    );
  }

  /** Mark the sweep finished (or interrupted by a signal) with its final counters. */
  finish(status: "completed" | "interrupted", counts: ScanCounts, endedAt: string): void {
    this.db.transaction(() => {
      this.writeCounts(counts);
      this.db.prepare("UPDATE scans SET status = ?, ended_at = ? WHERE id = ?").run(status, endedAt, this.scanId);
    });
  }
}

/** Insert statement for table rows in the column order of `columns`. */
export function insertRowSql(columns: readonly string[]): string {
  const placeholders = columns.map(() => "?").join(", ");
  return `INSERT INTO ${DEVICE_FILE_CERTIFICATE_INFO} (${columns.join(", ")}) VALUES (${placeholders})`;
}

export interface ScanStart {
  deviceId: string;
  deviceName: string;
  startedAt: string;
  roots: readonly string[];
  options: Record<string, unknown>;
}

/**
 * Record the start of a sweep. Sweeps of this device still marked running
 * whose process is gone were killed; they are marked interrupted first, and
 * what they committed stays.
 */
export function beginScan(db: SqliteDatabase, start: ScanStart): number {
  return db.transaction(() => {
    const running = db
      .prepare("SELECT id, options FROM scans WHERE status = 'running' AND DeviceId = ?")
      .all(start.deviceId);
    for (const row of running) {
      const pid = Number((JSON.parse(String(row["options"])) as { pid?: number }).pid);
      if (!isProcessAlive(pid)) {
        db.prepare("UPDATE scans SET status = 'interrupted' WHERE id = ?").run(row["id"] ?? null);
      }
    }
    const result = db
      .prepare(
        `INSERT INTO scans (DeviceId, DeviceName, started_at, status, roots, options)
         VALUES (?, ?, ?, 'running', ?, ?)`,
      )
      .run(
        start.deviceId, start.deviceName, start.startedAt, JSON.stringify(start.roots),
        JSON.stringify({ ...start.options, pid: process.pid }),
      );
    return Number(result.lastInsertRowid);
  });
}

function isProcessAlive(pid: number): boolean {
  // Our own pid on a running row means an earlier process with the same pid died.
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
