/**
 * Columns of the DeviceFileCertificateInfo table: Defender XDR's names, order
 * and types first, then signsweep's local additions. The SQLite schema, the
 * KQL evaluator and the JSON export all take their column list from here.
 */

/** KQL scalar types used by the table. */
export type KqlType = "string" | "bool" | "datetime" | "long" | "dynamic";

export interface ColumnDefinition {
  readonly name: string;
  readonly type: KqlType;
  /** True for columns that Defender's table has; false for local additions. */
  readonly defender: boolean;
}

export const DEVICE_FILE_CERTIFICATE_INFO = "DeviceFileCertificateInfo";

export const certificateInfoColumns: readonly ColumnDefinition[] = [
  { name: "Timestamp", type: "datetime", defender: true },
  { name: "DeviceId", type: "string", defender: true },
  { name: "DeviceName", type: "string", defender: true },
  { name: "SHA1", type: "string", defender: true },
  { name: "IsSigned", type: "bool", defender: true },
  { name: "SignatureType", type: "string", defender: true },
  { name: "Signer", type: "string", defender: true },
  { name: "SignerHash", type: "string", defender: true },
  { name: "Issuer", type: "string", defender: true },
  { name: "IssuerHash", type: "string", defender: true },
  { name: "CertificateSerialNumber", type: "string", defender: true },
  { name: "CrlDistributionPointUrls", type: "string", defender: true },
  { name: "CertificateCreationTime", type: "datetime", defender: true },
  { name: "CertificateExpirationTime", type: "datetime", defender: true },
  { name: "CertificateCountersignatureTime", type: "datetime", defender: true },
  { name: "IsTrusted", type: "bool", defender: true },
  { name: "IsRootSignerMicrosoft", type: "bool", defender: true },
  { name: "ReportId", type: "long", defender: true },
  { name: "FolderPath", type: "string", defender: false },
  { name: "FileName", type: "string", defender: false },
  { name: "FileSize", type: "long", defender: false },
  { name: "SignatureIndex", type: "long", defender: false },
  { name: "Anomalies", type: "string", defender: false },
  { name: "Error", type: "string", defender: false },
];

/**
 * One row as stored and as handed to the KQL evaluator. Datetimes are ISO 8601
 * UTC strings with milliseconds (`2026-12-04T15:25:46.000Z`), booleans are
 * 0 or 1, and a missing value is null.
 */
export type CertificateInfoRow = Record<string, string | number | null>;
