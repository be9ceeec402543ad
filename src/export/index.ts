/** The findings document for central upload. */
export { exportedColumns, iterateExportedRowJson, type ExportedColumn } from "./defender-rows.js";
export { exportDatabase, type ExportDatabaseOptions } from "./export-database.js";
export { exportDocumentChunks, exportFormatName, exportFormatVersion, type ExportOptions } from "./export-document.js";
export { devicesOf, readScans, type ExportedScan, type ExportedScanCounts } from "./scans.js";
export { OutputPathError, resolveOutputTarget, type OutputTarget } from "./output-target.js";
export { writeFileAtomically, writeOutputFile, writeToStream } from "./write-output.js";
