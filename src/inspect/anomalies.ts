/**
 * Anomaly codes: short, stable tokens stored in FileReport.Anomalies for
 * structural problems that did not stop the parse. Each maps to one line that
 * states what was seen and what signsweep did about it. The Authenticode and
 * X.509 layers add their own codes (src/authenticode/anomalies.ts,
 * src/x509/anomalies.ts), and a SignsweepError they raise adds its code.
 */
export const Anomaly = {
  SecurityDirectoryUnreachable: "SecurityDirectoryUnreachable",
  SecurityDirectoryHalfEmpty: "SecurityDirectoryHalfEmpty",
  CertificateTableOutsideFile: "CertificateTableOutsideFile",
  CertificateTablePastEndOfFile: "CertificateTablePastEndOfFile",
  CertificateTableTooLarge: "CertificateTableTooLarge",
  CertificateTableMisaligned: "CertificateTableMisaligned",
  CertificateTableOverlapsHeaders: "CertificateTableOverlapsHeaders",
  DataAfterCertificateTable: "DataAfterCertificateTable",
  CertificateEntryTruncated: "CertificateEntryTruncated",
  CertificateEntryLengthInvalid: "CertificateEntryLengthInvalid",
  CertificateEntryPastTable: "CertificateEntryPastTable",
  CertificateEntryPaddingNotZero: "CertificateEntryPaddingNotZero",
  UnknownCertificateRevision: "UnknownCertificateRevision",
  UnsupportedCertificateType: "UnsupportedCertificateType",
  TooManyCertificateEntries: "TooManyCertificateEntries",
  SignatureParserFailed: "SignatureParserFailed",
  FileSizeChangedDuringRead: "FileSizeChangedDuringRead",
} as const;

export type AnomalyCode = (typeof Anomaly)[keyof typeof Anomaly];

/** One-line meaning of each code, for documentation and the readable CLI output. */
export const anomalyMeanings: Readonly<Record<AnomalyCode, string>> = {
  SecurityDirectoryUnreachable:
    "NumberOfRvaAndSizes or SizeOfOptionalHeader stops before the security directory; read as unsigned",
  SecurityDirectoryHalfEmpty:
    "the security directory has a zero VirtualAddress or Size but not both; read as unsigned",
  CertificateTableOutsideFile:
    "the security directory's file offset is at or past the end of the file; read as unsigned",
  CertificateTablePastEndOfFile:
    "the certificate table runs past the end of the file; the part inside the file was read",
  CertificateTableTooLarge:
    "the certificate table is larger than the size limit; only its start was read",
  CertificateTableMisaligned: "the certificate table does not start on an 8-byte boundary",
  CertificateTableOverlapsHeaders: "the certificate table starts inside the PE headers",
  DataAfterCertificateTable: "bytes follow the certificate table at the end of the file",
  CertificateEntryTruncated:
    "fewer than 8 bytes remain for a WIN_CERTIFICATE header; the rest of the table was skipped",
  CertificateEntryLengthInvalid:
    "WIN_CERTIFICATE.dwLength is smaller than its own header; the rest of the table was skipped",
  CertificateEntryPastTable:
    "WIN_CERTIFICATE.dwLength runs past the certificate table; the rest of the table was skipped",
  CertificateEntryPaddingNotZero: "the padding after a WIN_CERTIFICATE entry is not all zero",
  UnknownCertificateRevision: "a WIN_CERTIFICATE.wRevision is neither 1.0 nor 2.0; entry skipped",
  UnsupportedCertificateType:
    "a WIN_CERTIFICATE.wCertificateType is not PKCS_SIGNED_DATA; entry skipped",
  TooManyCertificateEntries: "the certificate table has more entries than the limit; the rest skipped",
  SignatureParserFailed: "the signature parser failed unexpectedly on an entry; see Error",
  FileSizeChangedDuringRead: "the file's size changed while it was read",
};
