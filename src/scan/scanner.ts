import { lstatSync } from "node:fs";
import { availableParallelism } from "node:os";
import { describeError } from "../errors.js";
import { startsWithDosSignature } from "../inspect/inspect-file.js";
import { dosSignatureSizeInBytes } from "../inspect/looks-like-pe-image.js";
import { fileIdOf, openRegularFile, type OpenExpectations } from "../inspect/open-regular-file.js";
import type { FileReport } from "../model.js";
import type { SqliteDatabase } from "../store/database.js";
import {
  beginScan,
  emptyCounts,
  insertRowSql,
  ScanStore,
  type CachedFile,
  type FileIdentity,
  type ScanBatch,
  type ScanCounts,
} from "../store/scan-store.js";
import type { DeviceIdentity } from "./identity.js";
import { createInspector, type FileInspector } from "./inspect-pool.js";
import { insertedColumns, rowsForReport } from "./rows.js";
import { walkFiles, type WalkFileSystem } from "./walk.js";

export interface ScanOptions {
  roots: readonly string[];
  device: DeviceIdentity;
  /** Extensions to read; ignored when `allFiles` is set. */
  extensions: readonly string[];
  /** Sniff every file and keep the PE images, whatever their names. */
  allFiles: boolean;
  exclude: readonly string[];
  /** Files read at the same time. */
  concurrency: number;
  /** Worker threads that hash and parse; default: one per core, at most `concurrency`. */
  threads?: number;
  /** Cap on the bytes read per second; undefined for none. */
  maxBytesPerSecond?: number;
  /**
   * Files larger than this are recorded as FileTooLarge errors and not read,
   * which bounds the time one file can take (a sparse file of a terabyte costs
   * its maker nothing and takes hours to hash). Undefined reads every size.
   */
  maxFileSizeInBytes?: number;
  /** The options as the user gave them, stored with the sweep. */
  recordedOptions: Record<string, unknown>;
  fileSystem?: WalkFileSystem;
  signal?: AbortSignal;
  onProgress?: (counts: ScanCounts, currentPath: string | undefined) => void;
}

export interface ScanSummary {
  scanId: number;
  status: "completed" | "interrupted";
  counts: ScanCounts;
  errors: number;
}

/** Files per write transaction; larger batches amortise the commit, smaller ones lose less on a kill. */
const filesPerBatch = 256;
/** A batch is written at least this often, so a slow tree still commits steadily. */
const batchIntervalInMilliseconds = 1_000;
/** Bytes read to decide whether a file is a PE image in `--all-files` mode: its MZ signature. */
const sniffSizeInBytes = dosSignatureSizeInBytes;

type Outcome =
  | { kind: "pe"; report: FileReport; fromCache: boolean }
  | { kind: "not-pe"; fromCache: boolean }
  | { kind: "failed"; code: string; message: string }
  /** The sweep was stopped while the file was read: nothing about it is recorded. */
  | { kind: "interrupted" };

/** Error code of a read that the sweep's abort signal cut short. */
const readAbortedCode = "ReadAborted";

/** Extract the `CODE` of an Error text `CODE: message`, as describeError writes it. */
function errorCode(text: string): string {
  const match = /^([A-Za-z][A-Za-z0-9_]*):/.exec(text);
  return match?.[1] ?? "EUNKNOWN";
}

async function isPeImageFile(path: string, expectations: OpenExpectations): Promise<boolean> {
  const { handle } = await openRegularFile(path, expectations);
  try {
    const head = new Uint8Array(sniffSizeInBytes);
    const { bytesRead } = await handle.read(head, 0, sniffSizeInBytes, 0);
    return startsWithDosSignature(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Return the file's identity, or the failure of its lstat. Regular files only; anything else is undefined. */
function statIdentity(path: string): FileIdentity | undefined | { failed: Outcome } {
  try {
    // Perf: lstatSync costs about 6 µs a file on a warm cache against 15 µs
    // or more through the thread pool, and a rescan is mostly stat calls.
    const stats = lstatSync(path, { bigint: true });
    if (!stats.isFile()) return undefined;
    return {
      path,
      size: Number(stats.size),
      mtimeNs: stats.mtimeNs.toString(),
      ctimeNs: stats.ctimeNs.toString(),
      fileId: fileIdOf(stats),
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "EUNKNOWN";
    if (code === "ENOENT" && path.includes(replacementCharacter)) {
      return { failed: { kind: "failed", code: "UndecodableFileName", message: undecodableNameMessage(path) } };
    }
    return { failed: { kind: "failed", code, message: describeError(error) } };
  }
}

/**
 * U+FFFD, which Node puts in place of bytes of a file name that are not valid
 * UTF-8. Such a path names no file, so its lstat fails with ENOENT.
 */
const replacementCharacter = "\uFFFD";

function undecodableNameMessage(path: string): string {
  // TODO: walk with Buffer paths so that such files are read; fast-glob 3.3 returns strings only.
  return `${path}: the file name is not valid UTF-8 (shown with U+FFFD), so the file was not read`;
}

/** Return the outcome recorded for an unchanged file. */
function cachedOutcome(cached: CachedFile): Outcome {
  return cached.isPe ? { kind: "pe", report: cached.report, fromCache: true } : { kind: "not-pe", fromCache: true };
}

/** Read a changed (or new) file: sniff it in `--all-files` mode, then inspect it. */
async function inspectChanged(
  identity: FileIdentity,
  allFiles: boolean,
  inspector: FileInspector,
): Promise<Outcome> {
  const { path } = identity;
  // The file must still be the one lstat saw: a path swapped meanwhile for a
  // FIFO or another file is rejected at open instead of read.
  const expectations = { expectedFileId: identity.fileId };
  try {
    if (allFiles && !(await isPeImageFile(path, expectations))) return { kind: "not-pe", fromCache: false };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "EUNKNOWN";
    return { kind: "failed", code, message: describeError(error) };
  }
  const report = await inspector.inspect(path, expectations);
  if (report.SHA1 === null) {
    const message = report.Error ?? "the file could not be read";
    const code = errorCode(message);
    return code === readAbortedCode ? { kind: "interrupted" } : { kind: "failed", code, message };
  }
  if (!report.IsPeImage) return { kind: "not-pe", fromCache: false };
  return { kind: "pe", report, fromCache: false };
}

/** Worker threads for `concurrency` files in flight: one per core, never more than the files. */
export function defaultThreadCount(concurrency: number): number {
  return Math.max(1, Math.min(concurrency, availableParallelism()));
}

/**
 * Sweep `options.roots` into the database: walk, read each changed file once,
 * and record one observation row per signature (or per unsigned PE image)
 * with the time this sweep saw it. Unchanged files are not read again: their
 * cached result is recorded as observed now.
 */
export async function runScan(db: SqliteDatabase, options: ScanOptions): Promise<ScanSummary> {
  const scanId = beginScan(db, {
    deviceId: options.device.DeviceId,
    deviceName: options.device.DeviceName,
    startedAt: new Date().toISOString(),
    roots: options.roots,
    options: options.recordedOptions,
  });
  const store = new ScanStore(db, scanId, options.device.DeviceId, insertRowSql(insertedColumns));
  const counts = emptyCounts();
  let errors = 0;
  let batch: ScanBatch = { rows: [], cacheUpdates: [], errors: [] };
  let filesInBatch = 0;
  let lastWrite = Date.now();

  const flush = (): void => {
    store.write(batch, counts);
    batch = { rows: [], cacheUpdates: [], errors: [] };
    filesInBatch = 0;
    lastWrite = Date.now();
  };
  const recordError = (path: string, code: string, message: string): void => {
    errors++;
    batch.errors.push({ path, code, message, observedAt: new Date().toISOString() });
  };

  // Step 1: fold one file's outcome into the counters and the pending batch.
  const record = (path: string, identity: FileIdentity | undefined, outcome: Outcome): void => {
    if (outcome.kind === "interrupted") return;
    counts.files_seen++;
    filesInBatch++;
    if (outcome.kind === "failed") {
      counts.files_failed++;
      recordError(path, outcome.code, outcome.message);
      return;
    }
    if (outcome.fromCache) counts.files_cached++;
    else counts.files_read++;
    if (!outcome.fromCache && identity) counts.bytes_read += identity.size;
    if (outcome.kind === "not-pe") {
      counts.files_not_pe++;
      if (identity && !outcome.fromCache) {
        batch.cacheUpdates.push({ identity, isPe: false, report: notPeReport(path, identity.size) });
      }
      return;
    }
    const { report } = outcome;
    if (report.IsSigned) counts.files_signed++;
    else counts.files_unsigned++;
    const observation = { device: options.device, timestamp: new Date().toISOString(), path };
    const rows = rowsForReport(report, observation, scanId);
    counts.signature_rows += rows.length;
    for (const row of rows) batch.rows.push(row);
    if (identity && !outcome.fromCache) batch.cacheUpdates.push({ identity, isPe: true, report });
  };

  // Step 2: walk every root. Unchanged files are recorded at once from the
  // cache; changed ones go to the inspector, up to `concurrency` in flight.
  const inspector = createInspector({
    threads: options.threads ?? defaultThreadCount(options.concurrency),
    ...(options.maxBytesPerSecond === undefined ? {} : { maxBytesPerSecond: options.maxBytesPerSecond }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const inFlight = new Set<Promise<void>>();
  try {
    for (const root of options.roots) {
      const walk = walkFiles(root, {
        extensions: options.allFiles ? undefined : options.extensions,
        exclude: options.exclude,
        ...(options.fileSystem ? { fileSystem: options.fileSystem } : {}),
        onError: (error) => {
          counts.files_failed++;
          recordError(error.path, error.code, error.message);
        },
      });
      for await (const path of walk) {
        if (options.signal?.aborted) break;
        const identity = statIdentity(path);
        if (identity === undefined) {
          record(path, undefined, { kind: "not-pe", fromCache: false });
        } else if ("failed" in identity) {
          record(path, undefined, identity.failed);
        } else if (options.maxFileSizeInBytes !== undefined && identity.size > options.maxFileSizeInBytes) {
          // NOTE: such a file's signatures are not read either; raise --max-file-size to read it.
          const message =
            `${path}: ${identity.size} bytes is over the --max-file-size limit of ` +
            `${options.maxFileSizeInBytes} bytes, so the file was not read`;
          record(path, undefined, { kind: "failed", code: "FileTooLarge", message });
        } else {
          const cached = store.lookup(identity);
          if (cached) {
            record(path, identity, cachedOutcome(cached));
          } else {
            const task = inspectChanged(identity, options.allFiles, inspector).then((outcome) =>
              record(path, identity, outcome),
            );
            const tracked = task.finally(() => inFlight.delete(tracked));
            inFlight.add(tracked);
            if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
          }
        }
        if (filesInBatch >= filesPerBatch || Date.now() - lastWrite >= batchIntervalInMilliseconds) flush();
        options.onProgress?.(counts, path);
      }
      if (options.signal?.aborted) break;
    }
    await Promise.all(inFlight);
  } finally {
    await inspector.close();
  }
  flush();

  const status = options.signal?.aborted ? "interrupted" : "completed";
  store.finish(status, counts, new Date().toISOString());
  return { scanId, status, counts, errors };
}

/** Build the cache entry of a file that is not a PE image, enough to skip it next time. */
function notPeReport(path: string, size: number): FileReport {
  return {
    FilePath: path, SHA1: null, FileSize: size, IsPeImage: false, IsSigned: false,
    Anomalies: [], Error: null, Signatures: [],
  };
}
