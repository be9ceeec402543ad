/**
 * Records that every layer of signsweep passes upwards: one per signature, one
 * per file. Field names are the column names of Microsoft Defender XDR's
 * DeviceFileCertificateInfo table where such a column exists, so the JSON of
 * `signsweep inspect` and the SQLite rows read the same.
 */

/** Source of a signature: the file itself, or a security catalog (.cat). */
export type SignatureType = "Embedded" | "Catalog";

/** One Authenticode signature: the primary one, a nested one, or an extra entry. */
export interface SignatureRecord {
  /** 0 for the primary signature, then nested and extra signatures in file order. */
  SignatureIndex: number;
  SignatureType: SignatureType;
  /** Simple display name of the signer certificate's subject (first of CN, OU, O, emailAddress). */
  Signer: string | null;
  /** Full subject distinguished name of the signer certificate, RFC 4514 order. */
  SignerSubject: string | null;
  /** SHA-1 over the signer certificate's original DER bytes, lowercase hex. */
  SignerHash: string | null;
  /** Simple display name of the signer certificate's issuer. */
  Issuer: string | null;
  /** SHA-1 thumbprint of the issuer certificate when the signature carries it. */
  IssuerHash: string | null;
  /** Lowercase hex of the DER INTEGER content octets, two's-complement bytes kept. */
  CertificateSerialNumber: string | null;
  /** Signer certificate notBefore, ISO 8601 UTC. */
  CertificateCreationTime: string | null;
  /** Signer certificate notAfter, ISO 8601 UTC. */
  CertificateExpirationTime: string | null;
  /** RFC 3161 genTime or PKCS#9 countersigner signingTime, ISO 8601 UTC; null when unsigned by a TSA. */
  CertificateCountersignatureTime: string | null;
  /** URLs from the signer certificate's CRL distribution points extension. */
  CrlDistributionPointUrls: string[];
  /** Digest algorithm of SpcIndirectDataContent.messageDigest, e.g. "sha256". */
  DigestAlgorithm: string | null;
  /** SpcSpOpusInfo.programName, when the signer set one. */
  ProgramName: string | null;
  /** Simple display name of the countersignature's signer (the TSA). */
  TimestampSigner: string | null;
}

/** Findings about one file: its hash, size, signatures and anomalies. */
export interface FileReport {
  FilePath: string;
  /** SHA-1 of the whole file, lowercase hex; null when the file could not be read. */
  SHA1: string | null;
  FileSize: number | null;
  /**
   * True when the file starts with the MZ signature of an IMAGE_DOS_HEADER,
   * even if e_lfanew or later structures are damaged (Error and Anomalies
   * then name the problem). A sweep records table rows only for these files.
   */
  IsPeImage: boolean;
  /** True when at least one signature could be parsed. */
  IsSigned: boolean;
  /** Short codes for structural problems that did not stop the parse (see anomalies.ts). */
  Anomalies: string[];
  /** Reason the file could not be read or parsed, or null. */
  Error: string | null;
  Signatures: SignatureRecord[];
}
