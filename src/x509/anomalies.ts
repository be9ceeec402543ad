/** Anomaly codes raised while reading certificates; the certificate stays usable. */
export const X509Anomaly = {
  /** notBefore or notAfter is no valid UTCTime or GeneralizedTime; the time is null. */
  CertificateTimeInvalid: "CertificateTimeInvalid",
  /** An extension read here (SKI, AKI, CRL distribution points) is malformed; it is ignored. */
  CertificateExtensionInvalid: "CertificateExtensionInvalid",
} as const;
