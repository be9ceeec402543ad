import { basename, dirname } from "node:path";
import type { FileReport } from "../model.js";
import type { SqlValue } from "../store/database.js";
import type { DeviceIdentity } from "./identity.js";

/** Device and time of a file's observation, for the rows built from its report. */
export interface Observation {
  device: DeviceIdentity;
  /** ISO 8601 UTC with milliseconds. */
  timestamp: string;
  path: string;
}

/**
 * Column order of the INSERT built by `insertObservationSql`: every table
 * column except ReportId, which SQLite assigns, then ScanId.
 */
export const insertedColumns = [
  "Timestamp", "DeviceId", "DeviceName", "SHA1", "IsSigned", "SignatureType",
  "Signer", "SignerHash", "Issuer", "IssuerHash", "CertificateSerialNumber",
  "CrlDistributionPointUrls", "CertificateCreationTime", "CertificateExpirationTime",
  "CertificateCountersignatureTime", "IsTrusted", "IsRootSignerMicrosoft",
  "FolderPath", "FileName", "FileSize", "SignatureIndex", "Anomalies", "Error", "ScanId",
] as const;

function jsonOrNull(values: readonly string[]): string | null {
  return values.length === 0 ? null : JSON.stringify(values);
}

/**
 * Turn one file's report into table rows: one per signature, or one row with
 * IsSigned = 0 and empty certificate columns for an unsigned file.
 *
 * IsTrusted and IsRootSignerMicrosoft stay NULL (unknown): signsweep does not
 * verify signatures or build chains yet, and a guessed value would mislead a
 * hunt that filters on them.
 */
export function rowsForReport(report: FileReport, observation: Observation, scanId: number): SqlValue[][] {
  const common = {
    Timestamp: observation.timestamp,
    DeviceId: observation.device.DeviceId,
    DeviceName: observation.device.DeviceName,
    SHA1: report.SHA1,
    FolderPath: dirname(observation.path),
    FileName: basename(observation.path),
    FileSize: report.FileSize,
    Anomalies: jsonOrNull(report.Anomalies),
    Error: report.Error,
  };
  if (report.Signatures.length === 0) {
    return [
      [
        common.Timestamp, common.DeviceId, common.DeviceName, common.SHA1, 0, null,
        null, null, null, null, null,
        null, null, null,
        null, null, null,
        common.FolderPath, common.FileName, common.FileSize, null, common.Anomalies, common.Error, scanId,
      ],
    ];
  }
  return report.Signatures.map((signature) => [
    common.Timestamp, common.DeviceId, common.DeviceName, common.SHA1, 1, signature.SignatureType,
    signature.Signer, signature.SignerHash, signature.Issuer, signature.IssuerHash,
    signature.CertificateSerialNumber,
    JSON.stringify(signature.CrlDistributionPointUrls), signature.CertificateCreationTime,
    signature.CertificateExpirationTime,
    signature.CertificateCountersignatureTime, null, null,
    common.FolderPath, common.FileName, common.FileSize, signature.SignatureIndex,
    common.Anomalies, common.Error, scanId,
  ]);
}
