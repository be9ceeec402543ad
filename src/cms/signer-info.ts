/**
 * SignerInfo (RFC 5652 section 5.3):
 *
 *   SignerInfo ::= SEQUENCE {
 *     version CMSVersion,
 *     sid SignerIdentifier,
 *     digestAlgorithm DigestAlgorithmIdentifier,
 *     signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL,
 *     signatureAlgorithm SignatureAlgorithmIdentifier,
 *     signature SignatureValue,
 *     unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
 *
 *   SignerIdentifier ::= CHOICE {
 *     issuerAndSerialNumber IssuerAndSerialNumber,
 *     subjectKeyIdentifier [0] SubjectKeyIdentifier }
 *
 *   IssuerAndSerialNumber ::= SEQUENCE {
 *     issuer Name,
 *     serialNumber CertificateSerialNumber }
 */
import type { DerElement } from "../asn1/der-element.js";
import {
  isContextTag,
  isUniversal,
  readIntegerContent,
  readOctetString,
  readPrimitiveContent,
  readSmallInteger,
  toHex,
  unexpectedTag,
} from "../asn1/reader.js";
import { SequenceFields } from "../asn1/sequence-fields.js";
import { UniversalTag } from "../asn1/tags.js";
import { readAlgorithmIdentifier } from "./algorithm-identifier.js";
import { readAttributes, type Attribute } from "./attribute.js";

const subjectKeyIdentifierTag = 0;
const signedAttrsTag = 0;
const unsignedAttrsTag = 1;

export type SignerIdentifier =
  | {
      kind: "issuerAndSerialNumber";
      /** The issuer Name, to be matched against a certificate's issuer. */
      issuer: DerElement;
      /** Lowercase hex of the INTEGER content octets. */
      serialNumber: string;
    }
  | { kind: "subjectKeyIdentifier"; subjectKeyIdentifier: string };

export interface SignerInfo {
  element: DerElement;
  version: number;
  sid: SignerIdentifier;
  digestAlgorithm: string;
  /** Absent when the signer signed the content directly (RFC 5652 section 5.4). */
  signedAttrs: Attribute[] | undefined;
  signatureAlgorithm: string;
  signature: Uint8Array;
  unsignedAttrs: Attribute[] | undefined;
}

const isSequence = (element: DerElement) => isUniversal(element, UniversalTag.SEQUENCE);

export function readSignerInfo(element: DerElement): SignerInfo {
  const fields = new SequenceFields(element);
  const version = readSmallInteger(fields.required("version"));
  const sid = readSignerIdentifier(fields.required("sid"));
  const digestAlgorithm = readAlgorithmIdentifier(fields.required("digestAlgorithm", isSequence, "SEQUENCE"));
  const signedAttrsElement = fields.optional("signedAttrs", (c) => isContextTag(c, signedAttrsTag));
  const signatureAlgorithm = readAlgorithmIdentifier(
    fields.required("signatureAlgorithm", isSequence, "SEQUENCE"),
  );
  const signature = readOctetString(fields.required("signature"));
  const unsignedAttrsElement = fields.optional("unsignedAttrs", (c) => isContextTag(c, unsignedAttrsTag));

  return {
    element,
    version,
    sid,
    digestAlgorithm,
    signedAttrs: signedAttrsElement && readAttributes(signedAttrsElement),
    signatureAlgorithm,
    signature,
    unsignedAttrs: unsignedAttrsElement && readAttributes(unsignedAttrsElement),
  };
}

function readSignerIdentifier(element: DerElement): SignerIdentifier {
  if (isContextTag(element, subjectKeyIdentifierTag)) {
    const keyIdentifier = readPrimitiveContent(element.named(`${element.path}.subjectKeyIdentifier`));
    return { kind: "subjectKeyIdentifier", subjectKeyIdentifier: toHex(keyIdentifier) };
  }
  if (!isSequence(element)) {
    throw unexpectedTag(element, "IssuerAndSerialNumber SEQUENCE or [0] SubjectKeyIdentifier");
  }
  const fields = new SequenceFields(element.named(`${element.path}.issuerAndSerialNumber`));
  const issuer = fields.required("issuer", isSequence, "Name SEQUENCE");
  const serialNumber = toHex(readIntegerContent(fields.required("serialNumber")));
  return { kind: "issuerAndSerialNumber", issuer, serialNumber };
}
