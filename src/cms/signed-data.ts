/**
 * SignedData (RFC 5652 section 5.1), also read in its PKCS#7 v1.5 form
 * (RFC 2315 section 9.1) as Authenticode uses it:
 *
 *   SignedData ::= SEQUENCE {
 *     version CMSVersion,
 *     digestAlgorithms DigestAlgorithmIdentifiers,
 *     encapContentInfo EncapsulatedContentInfo,
 *     certificates [0] IMPLICIT CertificateSet OPTIONAL,
 *     crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
 *     signerInfos SignerInfos }
 */
import type { DerElement } from "../asn1/der-element.js";
import { Asn1ErrorCode } from "../asn1/error-codes.js";
import { isContextTag, isUniversal, readConstructedChildren, readSet, readSmallInteger } from "../asn1/reader.js";
import { SequenceFields } from "../asn1/sequence-fields.js";
import { UniversalTag } from "../asn1/tags.js";
import { CmsFormatError } from "../errors.js";
import { readAlgorithmIdentifier } from "./algorithm-identifier.js";
import { readCertificateSet, type CertificateChoice } from "./certificate-choices.js";
import { readEncapsulatedContentInfo, type EncapsulatedContentInfo } from "./encapsulated-content-info.js";
import { readSignerInfo, type SignerInfo } from "./signer-info.js";

const certificatesTag = 0;
const crlsTag = 1;

/** Authenticode allows one SignerInfo; a few more are read so they can be reported. */
export const maxSignerInfosPerSignedData = 16;
/** node.exe 22's signature carries five certificates and its timestamp token two more. */
export const maxCertificatesPerSignedData = 256;

export interface SignedData {
  element: DerElement;
  version: number;
  digestAlgorithms: string[];
  encapContentInfo: EncapsulatedContentInfo;
  certificates: CertificateChoice[];
  /** RevocationInfoChoices are kept unread; only their presence matters here. */
  crls: readonly DerElement[];
  signerInfos: SignerInfo[];
}

/** Read SignedData; `path` names it in error messages (`SignedData` for a primary signature). */
export function readSignedData(element: DerElement, path: string): SignedData {
  const named = element.named(path);
  const fields = new SequenceFields(named);
  const version = readSmallInteger(fields.required("version"));
  const digestAlgorithms = readSet(fields.required("digestAlgorithms")).map(readAlgorithmIdentifier);
  const encapContentInfo = readEncapsulatedContentInfo(
    fields.required("encapContentInfo", (c) => isUniversal(c, UniversalTag.SEQUENCE), "SEQUENCE"),
  );
  const certificatesElement = fields.optional("certificates", (c) => isContextTag(c, certificatesTag));
  const crlsElement = fields.optional("crls", (c) => isContextTag(c, crlsTag));
  const signerInfosElement = fields.required("signerInfos");

  const certificates = certificatesElement ? readCertificateSet(certificatesElement) : [];
  checkCount(certificatesElement?.path, certificates.length, maxCertificatesPerSignedData);
  const signerInfoElements = readSet(signerInfosElement);
  checkCount(signerInfosElement.path, signerInfoElements.length, maxSignerInfosPerSignedData);

  return {
    element: named,
    version,
    digestAlgorithms,
    encapContentInfo,
    certificates,
    crls: crlsElement ? readConstructedChildren(crlsElement) : [],
    signerInfos: signerInfoElements.map((signerInfo) => readSignerInfo(signerInfo)),
  };
}

function checkCount(path: string | undefined, count: number, limit: number): void {
  if (count > limit) {
    throw new CmsFormatError(Asn1ErrorCode.LimitExceeded, `${path}: ${count} entries exceed the limit of ${limit}`);
  }
}
