/**
 * The X.509 certificates of one SignedData, with the two look-ups
 * Authenticode needs: the signer's certificate by SignerIdentifier
 * (RFC 5652 section 5.3) and a certificate's issuer by name and key id.
 */
import type { CertificateChoice } from "../cms/certificate-choices.js";
import type { SignerIdentifier } from "../cms/signer-info.js";
import { SignsweepError } from "../errors.js";
import { readCertificate, type Certificate } from "../x509/certificate.js";
import { namesMatch, readName } from "../x509/name.js";
import { AuthenticodeAnomaly } from "./anomalies.js";

export class CertificateBag {
  readonly certificates: Certificate[] = [];

  /** Read every `certificate` choice; a malformed one adds an anomaly and is skipped. */
  constructor(choices: readonly CertificateChoice[], anomalies: string[]) {
    for (const choice of choices) {
      if (choice.kind !== "certificate") continue;
      try {
        this.certificates.push(readCertificate(choice.element));
      } catch (error) {
        if (!(error instanceof SignsweepError)) throw error;
        anomalies.push(AuthenticodeAnomaly.EmbeddedCertificateInvalid);
      }
    }
  }

  /** Another bag's certificates after this one's, for tokens that rely on the outer set. */
  with(other: CertificateBag): CertificateBag {
    const merged = new CertificateBag([], []);
    merged.certificates.push(...this.certificates, ...other.certificates);
    return merged;
  }

  /** Find the first certificate that SignerInfo.sid identifies. */
  findSigner(sid: SignerIdentifier): Certificate | undefined {
    if (sid.kind === "subjectKeyIdentifier") {
      return this.certificates.find((c) => c.subjectKeyIdentifier === sid.subjectKeyIdentifier);
    }
    const issuer = readName(sid.issuer);
    return this.certificates.find((c) => c.serialNumber === sid.serialNumber && namesMatch(c.issuer, issuer));
  }

  /**
   * Find the certificate that issued `certificate`: its subject is the issuer's
   * name, and its subjectKeyIdentifier equals the authorityKeyIdentifier when
   * both are present. A self-issued certificate is its own issuer, but only
   * when no other certificate matches.
   */
  findIssuer(certificate: Certificate): Certificate | undefined {
    const candidates = this.certificates.filter(
      (candidate) => namesMatch(candidate.subject, certificate.issuer) && keyIdentifiersAgree(certificate, candidate),
    );
    const isSame = (candidate: Certificate) => candidate.thumbprintSha1 === certificate.thumbprintSha1;
    return candidates.find((candidate) => !isSame(candidate)) ?? candidates.find(isSame);
  }
}

function keyIdentifiersAgree(certificate: Certificate, issuer: Certificate): boolean {
  if (certificate.authorityKeyIdentifier === null || issuer.subjectKeyIdentifier === null) return true;
  return certificate.authorityKeyIdentifier === issuer.subjectKeyIdentifier;
}
