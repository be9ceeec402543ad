/**
 * The pure part of inspecting a file: from the first bytes, the file size and
 * the captured certificate table to the list of signatures and anomalies. A
 * sweep that reads files its own way calls findCertificateTableRange on the
 * head to learn which bytes to capture, then analyzeImage.
 */
import {
  readAuthenticodeSignatures,
  type AuthenticodeReadResult,
  type ParsedSignature,
} from "../authenticode/read-signatures.js";
import { describeError, SignsweepError } from "../errors.js";
import type { SignatureRecord } from "../model.js";
import { locateCertificateTable, type ByteRange } from "../pe/certificate-table-range.js";
import { readCertificateTable, type SignedDataEntry } from "../pe/certificate-table.js";
import { parsePeHeaders, type PeHeaders } from "../pe/headers.js";
import { maxSignedDataEntriesParsed } from "../pe/limits.js";
import { Anomaly } from "./anomalies.js";

export interface ImageAnalysis {
  /** Numbered from 0 in file order: each entry's primary signature, then its nested ones. */
  signatures: SignatureRecord[];
  /** Anomaly codes in the order found, each once. */
  anomalies: string[];
  /** Reason no signature could be read, or the message of an unexpected parser failure; else null. */
  error: string | null;
}

/**
 * Return the file range of the certificate table, clamped to the file and the
 * size limit. Returns null when the headers are unreadable or there is no table.
 */
export function findCertificateTableRange(head: Uint8Array, fileSize: number): ByteRange | null {
  const headers = tryParseHeaders(head, fileSize);
  if ("error" in headers) return null;
  return locateCertificateTable(headers, fileSize).range;
}

/**
 * Read every signature of an image. `certificateTable` contains exactly the
 * bytes of the range findCertificateTableRange returns for the same head and
 * size (null when it returns null). Bad input raises nothing, because its
 * problems become anomalies or the error text. A certificateTable of the
 * wrong length is a caller bug and raises RangeError.
 */
export function analyzeImage(
  head: Uint8Array,
  fileSize: number,
  certificateTable: Uint8Array | null,
): ImageAnalysis {
  const headers = tryParseHeaders(head, fileSize);
  if ("error" in headers) return { signatures: [], anomalies: [], error: headers.error };

  const location = locateCertificateTable(headers, fileSize);
  const anomalies = new Set<string>(location.anomalies);
  if (location.range === null) return { signatures: [], anomalies: [...anomalies], error: null };
  if (certificateTable === null || certificateTable.length !== location.range.length) {
    throw new RangeError(
      `certificateTable: expected ${location.range.length} bytes from offset ${location.range.offset}, ` +
        `got ${certificateTable?.length ?? "null"}`,
    );
  }

  const table = readCertificateTable(certificateTable);
  table.anomalies.forEach((code) => anomalies.add(code));
  const result = readEntries(table.entries, anomalies);
  return { signatures: result.signatures, anomalies: [...anomalies], error: result.error };
}

/** Number a parsed signature, listing the fields in SignatureRecord's order so JSON output is stable. */
function toSignatureRecord(SignatureIndex: number, parsed: ParsedSignature): SignatureRecord {
  return {
    SignatureIndex,
    SignatureType: "Embedded",
    Signer: parsed.Signer,
    SignerSubject: parsed.SignerSubject,
    SignerHash: parsed.SignerHash,
    Issuer: parsed.Issuer,
    IssuerHash: parsed.IssuerHash,
    CertificateSerialNumber: parsed.CertificateSerialNumber,
    CertificateCreationTime: parsed.CertificateCreationTime,
    CertificateExpirationTime: parsed.CertificateExpirationTime,
    CertificateCountersignatureTime: parsed.CertificateCountersignatureTime,
    CrlDistributionPointUrls: parsed.CrlDistributionPointUrls,
    DigestAlgorithm: parsed.DigestAlgorithm,
    ProgramName: parsed.ProgramName,
    TimestampSigner: parsed.TimestampSigner,
  };
}

function tryParseHeaders(head: Uint8Array, fileSize: number): PeHeaders | { error: string } {
  try {
    return parsePeHeaders(head, fileSize);
  } catch (error) {
    if (error instanceof SignsweepError) return { error: describeError(error) };
    throw error;
  }
}

/**
 * Hand each PKCS_SIGNED_DATA entry to the Authenticode layer. A typed error
 * from that layer adds its code to the anomalies, and its message becomes the
 * error only when no signature was read at all. Any other error is a parser
 * bug, so its message is always kept.
 */
function readEntries(
  entries: SignedDataEntry[],
  anomalies: Set<string>,
): { signatures: SignatureRecord[]; error: string | null } {
  const signatures: SignatureRecord[] = [];
  let typedFailure: string | null = null;
  let unexpectedFailure: string | null = null;

  if (entries.length > maxSignedDataEntriesParsed) anomalies.add(Anomaly.TooManyCertificateEntries);
  for (const entry of entries.slice(0, maxSignedDataEntriesParsed)) {
    let result: AuthenticodeReadResult;
    try {
      result = readAuthenticodeSignatures(entry.bCertificate);
    } catch (error) {
      const where = `WIN_CERTIFICATE at table offset ${entry.tableOffset}`;
      if (error instanceof SignsweepError) {
        anomalies.add(error.code);
        typedFailure ??= `${where}: ${describeError(error)}`;
      } else {
        anomalies.add(Anomaly.SignatureParserFailed);
        unexpectedFailure ??= `${where}: ${describeError(error)}`;
      }
      continue;
    }
    result.anomalies.forEach((code) => anomalies.add(code));
    for (const parsed of result.signatures) signatures.push(toSignatureRecord(signatures.length, parsed));
  }

  const error = unexpectedFailure ?? (signatures.length === 0 ? typedFailure : null);
  return { signatures, error };
}
