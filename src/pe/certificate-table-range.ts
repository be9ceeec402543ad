/**
 * The location of the Certificate Table in the file, judged from the security
 * directory alone (PE Format specification, "The Attribute Certificate
 * Table"). The range is clamped to the file and to the size limit, so a
 * caller can capture it while streaming the file once.
 */
import { Anomaly, type AnomalyCode } from "../inspect/anomalies.js";
import type { PeHeaders } from "./headers.js";
import { maxCertificateTableSizeInBytes } from "./limits.js";

/** Certificate table entries and the table itself are aligned on 8 bytes. */
export const certificateTableAlignmentInBytes = 8;

export interface ByteRange {
  offset: number;
  length: number;
}

export interface CertificateTableLocation {
  /** The bytes to read as the table, or null when the file carries none. */
  range: ByteRange | null;
  anomalies: AnomalyCode[];
}

/** Judge the security directory of `headers` against a file of `fileSize` bytes. */
export function locateCertificateTable(headers: PeHeaders, fileSize: number): CertificateTableLocation {
  const directory = headers.securityDirectory;
  if (directory === null) {
    return { range: null, anomalies: [Anomaly.SecurityDirectoryUnreachable] };
  }

  const { VirtualAddress, Size } = directory;
  if (VirtualAddress === 0 && Size === 0) return { range: null, anomalies: [] };
  if (VirtualAddress === 0 || Size === 0) {
    return { range: null, anomalies: [Anomaly.SecurityDirectoryHalfEmpty] };
  }
  if (VirtualAddress >= fileSize) {
    return { range: null, anomalies: [Anomaly.CertificateTableOutsideFile] };
  }

  const anomalies: AnomalyCode[] = [];
  if (VirtualAddress % certificateTableAlignmentInBytes !== 0) {
    anomalies.push(Anomaly.CertificateTableMisaligned);
  }
  if (VirtualAddress < headers.headersEndOffset) {
    anomalies.push(Anomaly.CertificateTableOverlapsHeaders);
  }

  // Clamp to the file's end, then to the size limit.
  const tableEnd = VirtualAddress + Size;
  let length = Size;
  if (tableEnd > fileSize) {
    anomalies.push(Anomaly.CertificateTablePastEndOfFile);
    length = fileSize - VirtualAddress;
  } else if (tableEnd < fileSize) {
    anomalies.push(Anomaly.DataAfterCertificateTable);
  }
  if (length > maxCertificateTableSizeInBytes) {
    anomalies.push(Anomaly.CertificateTableTooLarge);
    length = maxCertificateTableSizeInBytes;
  }
  return { range: { offset: VirtualAddress, length }, anomalies };
}
