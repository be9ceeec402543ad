/**
 * CertificateSet (RFC 5652 section 10.2.3):
 *
 *   CertificateSet ::= SET OF CertificateChoices
 *   CertificateChoices ::= CHOICE {
 *     certificate Certificate,
 *     extendedCertificate [0] IMPLICIT ExtendedCertificate,  -- obsolete
 *     v1AttrCert [1] IMPLICIT AttributeCertificateV1,        -- obsolete
 *     v2AttrCert [2] IMPLICIT AttributeCertificateV2,
 *     other [3] IMPLICIT OtherCertificateFormat }
 *
 * Only the X.509 `certificate` choice is parsed further; the others are kept
 * so their presence can be reported.
 */
import type { DerElement } from "../asn1/der-element.js";
import { isUniversal, readConstructedChildren } from "../asn1/reader.js";
import { TagClass, UniversalTag } from "../asn1/tags.js";

const choiceNamesByTag = ["extendedCertificate", "v1AttrCert", "v2AttrCert", "other"] as const;

export type CertificateChoiceKind = "certificate" | (typeof choiceNamesByTag)[number] | "unknown";

export interface CertificateChoice {
  kind: CertificateChoiceKind;
  /** The choice as stored; for `certificate`, the DER a thumbprint is taken over. */
  element: DerElement;
}

export function readCertificateSet(element: DerElement): CertificateChoice[] {
  return readConstructedChildren(element).map((choice) => ({ kind: choiceKind(choice), element: choice }));
}

function choiceKind(choice: DerElement): CertificateChoiceKind {
  if (isUniversal(choice, UniversalTag.SEQUENCE)) return "certificate";
  if (choice.tagClass === TagClass.CONTEXT_SPECIFIC) return choiceNamesByTag[choice.tagNumber] ?? "unknown";
  return "unknown";
}
