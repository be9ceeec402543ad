/**
 * Node's crypto.X509Certificate (OpenSSL) over a certificate's original DER.
 * It reads keys that node-forge 1.4 cannot (EC keys among them) and is the
 * reference check that a certificate is one OpenSSL accepts.
 */
import { X509Certificate } from "node:crypto";
import { CertificateFormatError } from "../errors.js";

export function openNodeCertificate(der: Uint8Array, path: string): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CertificateFormatError("CertificateRejectedByOpenSsl", `${path}: OpenSSL rejected the certificate: ${reason}`, {
      cause: error,
    });
  }
}
