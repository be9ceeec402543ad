/**
 * Anomaly codes of the Authenticode layer: problems inside a signature that
 * left the rest of it readable. Each maps to one line saying what was seen
 * and what was done. Certificate anomalies (src/x509/anomalies.ts) are
 * passed through beside these.
 */
export const AuthenticodeAnomaly = {
  DataAfterSignedData: "DataAfterSignedData",
  MultipleSignerInfos: "MultipleSignerInfos",
  UnexpectedContentType: "UnexpectedContentType",
  SignerCertificateNotFound: "SignerCertificateNotFound",
  SignerCertificateRejectedByOpenSsl: "SignerCertificateRejectedByOpenSsl",
  EmbeddedCertificateInvalid: "EmbeddedCertificateInvalid",
  SpcSpOpusInfoInvalid: "SpcSpOpusInfoInvalid",
  CountersignatureInvalid: "CountersignatureInvalid",
  NestedSignatureInvalid: "NestedSignatureInvalid",
  NestedSignatureTooDeep: "NestedSignatureTooDeep",
  TooManySignatures: "TooManySignatures",
} as const;

export type AuthenticodeAnomalyCode = (typeof AuthenticodeAnomaly)[keyof typeof AuthenticodeAnomaly];

export const authenticodeAnomalyMeanings: Readonly<Record<AuthenticodeAnomalyCode, string>> = {
  DataAfterSignedData: "non-zero bytes follow the ContentInfo inside a WIN_CERTIFICATE entry; ignored",
  MultipleSignerInfos: "SignedData has more than one SignerInfo; only the first was read",
  UnexpectedContentType:
    "encapContentInfo is neither SpcIndirectDataContent nor a catalog's CTL; DigestAlgorithm left empty",
  SignerCertificateNotFound:
    "no certificate in SignedData matches SignerInfo.sid; signer columns come from sid alone",
  SignerCertificateRejectedByOpenSsl: "OpenSSL could not parse the signer certificate; columns read from its ASN.1",
  EmbeddedCertificateInvalid: "a certificate in SignedData.certificates is malformed; it was skipped",
  SpcSpOpusInfoInvalid: "the SpcSpOpusInfo signed attribute is malformed; ProgramName left empty",
  CountersignatureInvalid: "a timestamp countersignature is malformed; its time was not used",
  NestedSignatureInvalid: "a nested signature is malformed; it was skipped",
  NestedSignatureTooDeep: "nested signatures go deeper than the limit; the deeper ones were skipped",
  TooManySignatures: "the entry holds more signatures than the limit; the rest were skipped",
};
