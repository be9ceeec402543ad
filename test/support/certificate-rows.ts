import { certificateInfoColumns, type CertificateInfoRow } from "../../src/store/columns.js";

/** Build a full DeviceFileCertificateInfo row, every column null except the ones given. */
export function certificateRow(values: CertificateInfoRow = {}): CertificateInfoRow {
  const row: CertificateInfoRow = {};
  for (const column of certificateInfoColumns) row[column.name] = null;
  return { ...row, ...values };
}

/** Return the time `hours` before `now`, in the ISO 8601 form the table stores. */
export function hoursBefore(now: string, hours: number): string {
  const millisecondsPerHour = 3_600_000;
  return new Date(Date.parse(now) - hours * millisecondsPerHour).toISOString();
}
