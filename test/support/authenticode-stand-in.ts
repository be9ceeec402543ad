/**
 * A stand-in for the Authenticode layer, used through vi.mock only while that
 * layer's parser is unfinished. It checks just the outer DER SEQUENCE tag and
 * reports one signature per entry, so the PE and inspect tests can count
 * entries and signatures without a CMS parser.
 */
import { CmsFormatError } from "../../src/errors.js";
import type { AuthenticodeReadResult, ParsedSignature } from "../../src/authenticode/read-signatures.js";

export type { AuthenticodeReadResult, ParsedSignature };

const derSequenceTag = 0x30;

export const standInSigner = "stand-in signer";

export function readAuthenticodeSignatures(bCertificate: Uint8Array): AuthenticodeReadResult {
  if (bCertificate[0] !== derSequenceTag) {
    throw new CmsFormatError("StandInNotSequence", `ContentInfo: expected a SEQUENCE, found tag ${bCertificate[0]}`);
  }
  const signature: ParsedSignature = {
    Signer: standInSigner,
    SignerSubject: null,
    SignerHash: null,
    Issuer: null,
    IssuerHash: null,
    CertificateSerialNumber: null,
    CertificateCreationTime: null,
    CertificateExpirationTime: null,
    CertificateCountersignatureTime: null,
    CrlDistributionPointUrls: [],
    DigestAlgorithm: null,
    ProgramName: null,
    TimestampSigner: null,
  };
  return { signatures: [signature], anomalies: [] };
}
