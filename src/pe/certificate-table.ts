/**
 * WIN_CERTIFICATE entries of the Certificate Table (PE Format specification,
 * "The Attribute Certificate Table"):
 *
 *   typedef struct _WIN_CERTIFICATE {
 *     DWORD dwLength;          // entry length, this 8-byte header included
 *     WORD  wRevision;
 *     WORD  wCertificateType;
 *     BYTE  bCertificate[ANYSIZE_ARRAY];
 *   } WIN_CERTIFICATE;
 *
 * Entries follow each other, each starting on an 8-byte boundary. A bad entry
 * is recorded as an anomaly, never raised: an unknown revision or type is
 * skipped, and a length that cannot be trusted ends the walk.
 */
import { Anomaly, type AnomalyCode } from "../inspect/anomalies.js";
import { ByteView } from "./byte-view.js";
import { certificateTableAlignmentInBytes } from "./certificate-table-range.js";
import { maxCertificateEntryCount } from "./limits.js";

export const WIN_CERTIFICATE = {
  dwLength: 0,
  wRevision: 4,
  wCertificateType: 6,
  bCertificate: 8,
  headerSizeInBytes: 8,
} as const;

export const WIN_CERT_REVISION_1_0 = 0x0100;
export const WIN_CERT_REVISION_2_0 = 0x0200;

export const WIN_CERT_TYPE_X509 = 0x0001;
export const WIN_CERT_TYPE_PKCS_SIGNED_DATA = 0x0002;
export const WIN_CERT_TYPE_RESERVED_1 = 0x0003;
export const WIN_CERT_TYPE_TS_STACK_SIGNED = 0x0004;

/** One PKCS_SIGNED_DATA entry, ready for the Authenticode layer. */
export interface SignedDataEntry {
  /** Byte offset of the entry inside the table. */
  tableOffset: number;
  wRevision: number;
  /** A view into the table: the SignedData and any bytes after it up to dwLength. */
  bCertificate: Uint8Array;
}

export interface CertificateTableReadResult {
  entries: SignedDataEntry[];
  anomalies: AnomalyCode[];
}

const knownRevisions: ReadonlySet<number> = new Set([WIN_CERT_REVISION_1_0, WIN_CERT_REVISION_2_0]);

/** Walk the WIN_CERTIFICATE entries of `table`, the captured table bytes. */
export function readCertificateTable(table: Uint8Array): CertificateTableReadResult {
  const view = new ByteView(table);
  const entries: SignedDataEntry[] = [];
  const anomalies: AnomalyCode[] = [];

  let offset = 0;
  for (let count = 0; offset < view.length; count++) {
    if (count >= maxCertificateEntryCount) {
      anomalies.push(Anomaly.TooManyCertificateEntries);
      break;
    }
    const step = readEntry(view, offset, entries, anomalies);
    if (step === null) break;
    // readEntry returns at least the 8-byte header length, so the walk always advances.
    offset += step;
  }
  return { entries, anomalies };
}

/**
 * Read the entry at `offset` and return how far to step to the next one.
 * Returns null when its length cannot be trusted, so the walk must stop.
 */
function readEntry(
  view: ByteView,
  offset: number,
  entries: SignedDataEntry[],
  anomalies: AnomalyCode[],
): number | null {
  const remaining = view.length - offset;
  if (remaining < WIN_CERTIFICATE.headerSizeInBytes) {
    anomalies.push(Anomaly.CertificateEntryTruncated);
    return null;
  }

  const dwLength = view.uint32("WIN_CERTIFICATE.dwLength", offset + WIN_CERTIFICATE.dwLength);
  if (dwLength < WIN_CERTIFICATE.headerSizeInBytes) {
    anomalies.push(Anomaly.CertificateEntryLengthInvalid);
    return null;
  }
  if (dwLength > remaining) {
    anomalies.push(Anomaly.CertificateEntryPastTable);
    return null;
  }

  const wRevision = view.uint16("WIN_CERTIFICATE.wRevision", offset + WIN_CERTIFICATE.wRevision);
  const wCertificateType = view.uint16(
    "WIN_CERTIFICATE.wCertificateType",
    offset + WIN_CERTIFICATE.wCertificateType,
  );
  const bCertificate = view.subarray(
    "WIN_CERTIFICATE.bCertificate",
    offset + WIN_CERTIFICATE.bCertificate,
    dwLength - WIN_CERTIFICATE.headerSizeInBytes,
  );

  if (!knownRevisions.has(wRevision)) {
    anomalies.push(Anomaly.UnknownCertificateRevision);
  } else if (wCertificateType !== WIN_CERT_TYPE_PKCS_SIGNED_DATA) {
    anomalies.push(Anomaly.UnsupportedCertificateType);
  } else {
    // Bytes hidden after the SignedData inside dwLength are the Authenticode layer's to report.
    entries.push({ tableOffset: offset, wRevision, bCertificate });
  }

  // The next entry starts at dwLength rounded up to 8; the last entry's padding may be cut off.
  const step = roundUp(dwLength, certificateTableAlignmentInBytes);
  const padding = view.bytes.subarray(offset + dwLength, Math.min(offset + step, view.length));
  if (!isAllZero(padding)) anomalies.push(Anomaly.CertificateEntryPaddingNotZero);
  return step;
}

function roundUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

function isAllZero(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte === 0);
}
