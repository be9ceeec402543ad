/** Hunts over the local table: rule runs, allowlists and the database they read. */
export { Allowlist, allowlistFilesFor, defaultAllowlistFileName, fullPathOf, loadAllowlist } from "./allowlist.js";
export { AllowlistError, parseAllowlistText, readAllowlistFile, type AllowlistEntry } from "./allowlist-file.js";
export { formatHuntReport } from "./format-report.js";
export { huntDatabase, huntOpenDatabase, type HuntDatabaseOptions } from "./hunt-database.js";
export { columnsReadBy } from "./columns-read.js";
export { DatabaseNotFoundError, iterateCertificateInfoRows, openDatabaseForReading } from "./read-database.js";
export {
  matchedRowColumns,
  runHunts,
  type HuntDefinition,
  type HuntReport,
  type HuntResult,
  type HuntResultRow,
  type HuntSummary,
  type MatchedRow,
} from "./run-hunts.js";
