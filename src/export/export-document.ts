/**
 * The findings document that leaves the host: the sweeps in range, every
 * hunt's result table with the rows behind it, and optionally every table
 * row in range, so a central DeviceFileCertificateInfo table can ingest them
 * and run the same KQL. `schema/signsweep-export.schema.json` describes it.
 */
import type { Allowlist } from "../hunt/allowlist.js";
import { huntOpenDatabase } from "../hunt/hunt-database.js";
import type { HuntDefinition } from "../hunt/run-hunts.js";
import type { DeviceIdentity } from "../scan/identity.js";
import type { SqliteDatabase } from "../store/database.js";
import { SIGNSWEEP_VERSION } from "../version.js";
import { exportedColumns, iterateExportedRowJson } from "./defender-rows.js";
import { devicesOf, readScans } from "./scans.js";

export const exportFormatName = "signsweep-findings";
/** Raised when a field changes meaning or is removed; new optional fields keep the version. */
export const exportFormatVersion = 1;

export interface ExportOptions {
  readonly hunts: readonly HuntDefinition[];
  readonly allowlist: Allowlist;
  /** The host running the export. */
  readonly host: DeviceIdentity;
  /** The export's time: `generatedAt` and every query's `now()`. */
  readonly now: Date;
  /** Only scans and rows of this many milliseconds before `now`; all when undefined. */
  readonly sinceMilliseconds?: number;
  /** Adds every table row in range under `rows`. */
  readonly includeRows: boolean;
}

/**
 * Yields the document's JSON text in pieces. Rows are read from SQLite as
 * the pieces are consumed, so a large table never sits in memory. Run it
 * inside one read transaction so that hunts, scans and rows see the same
 * snapshot while a sweep writes.
 */
export function* exportDocumentChunks(db: SqliteDatabase, options: ExportOptions): Generator<string> {
  const { now } = options;
  const since =
    options.sinceMilliseconds === undefined ? undefined : new Date(now.getTime() - options.sinceMilliseconds).toISOString();
  const scans = readScans(db, since);
  const report = huntOpenDatabase(db, options.hunts, {
    now,
    allowlist: options.allowlist,
    ...(since !== undefined ? { since } : {}),
  });

  const header = {
    format: exportFormatName,
    formatVersion: exportFormatVersion,
    signsweepVersion: SIGNSWEEP_VERSION,
    generatedAt: now.toISOString(),
    since: since ?? null,
    device: { ...options.host, scannedDevices: devicesOf(scans) },
    allowlists: report.allowlists,
    scans,
    summary: report.summary,
    hunts: report.hunts,
    ...(options.includeRows ? { columns: exportedColumns } : {}),
  };
  const headerText = JSON.stringify(header, null, 2);
  if (!options.includeRows) {
    yield `${headerText}\n`;
    return;
  }

  // Reopen the header object and stream `rows` one line per row, then the count.
  yield `${headerText.slice(0, headerText.lastIndexOf("}")).trimEnd()},\n  "rows": [`;
  let rowCount = 0;
  for (const rowJson of iterateExportedRowJson(db, since)) {
    yield `${rowCount === 0 ? "\n    " : ",\n    "}${rowJson}`;
    rowCount += 1;
  }
  yield `${rowCount === 0 ? "" : "\n  "}],\n  "rowCount": ${rowCount}\n}\n`;
}
