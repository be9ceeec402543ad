/**
 * Table rows in the form a central DeviceFileCertificateInfo table ingests:
 * Defender's column names, booleans as JSON booleans, datetimes as ISO 8601
 * strings, and CrlDistributionPointUrls as Defender has it, a string that
 * contains a JSON array.
 */
import { certificateInfoColumns, type CertificateInfoRow, type KqlType } from "../store/columns.js";

/** A column of the exported rows: its KQL type, and whether Defender's table has it. */
export interface ExportedColumn {
  readonly name: string;
  readonly type: KqlType;
  readonly defender: boolean;
}

/**
 * The exported columns: the table's columns in order, then ScanId, which
 * links a row to the document's `scans`.
 */
export const exportedColumns: readonly ExportedColumn[] = [
  ...certificateInfoColumns,
  { name: "ScanId", type: "long", defender: false },
];

export type ExportedValue = string | number | boolean | null;

/** Converts one stored row (0/1 booleans, ISO 8601 text) to its exported form. */
export function toExportedRow(row: CertificateInfoRow): Record<string, ExportedValue> {
  const exported: Record<string, ExportedValue> = {};
  for (const column of exportedColumns) exported[column.name] = toExportedValue(column.type, row[column.name]);
  return exported;
}

function toExportedValue(type: KqlType, value: string | number | null | undefined): ExportedValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "bool":
      return Number(value) !== 0;
    case "long":
      return Number(value);
    case "datetime":
      return normalizeDatetime(value);
    case "string":
    case "dynamic":
      return String(value);
  }
}

/**
 * Returns the ISO 8601 UTC form with milliseconds, or null for text that is
 * not a datetime, so the document never carries an unparsable datetime.
 */
function normalizeDatetime(value: string | number): string | null {
  const milliseconds = typeof value === "number" ? value : Date.parse(value);
  return Number.isNaN(milliseconds) ? null : new Date(milliseconds).toISOString();
}
