/**
 * EncapsulatedContentInfo (RFC 5652 section 5.2):
 *
 *   EncapsulatedContentInfo ::= SEQUENCE {
 *     eContentType ContentType,
 *     eContent [0] EXPLICIT OCTET STRING OPTIONAL }
 *
 * PKCS#7 v1.5 (RFC 2315 section 7), which Authenticode follows, puts the
 * content itself inside `[0] EXPLICIT` instead of an OCTET STRING. Both forms
 * are accepted.
 */
import { parseDer, type DerElement } from "../asn1/der-element.js";
import { Asn1ErrorCode } from "../asn1/error-codes.js";
import {
  isContextTag,
  isUniversal,
  missingElement,
  readExplicit,
  readObjectIdentifier,
  readOctetString,
} from "../asn1/reader.js";
import { SequenceFields } from "../asn1/sequence-fields.js";
import { UniversalTag } from "../asn1/tags.js";
import { CmsFormatError } from "../errors.js";

const eContentTag = 0;

export interface EncapsulatedContentInfo {
  eContentType: string;
  /** The value inside `[0] EXPLICIT`, an OCTET STRING in the CMS form; absent when detached. */
  eContent: DerElement | undefined;
  path: string;
}

export function readEncapsulatedContentInfo(element: DerElement): EncapsulatedContentInfo {
  const fields = new SequenceFields(element);
  const eContentType = readObjectIdentifier(fields.required("eContentType"));
  const explicit = fields.optional("eContent", (c) => isContextTag(c, eContentTag));
  if (explicit === undefined) return { eContentType, eContent: undefined, path: element.path };
  return { eContentType, eContent: readExplicit(explicit), path: element.path };
}

/**
 * Return the encapsulated content as a DER element: the OCTET STRING's octets
 * parsed as DER (CMS form), or the element itself (PKCS#7 form).
 */
export function readEContentAsDer(encapContentInfo: EncapsulatedContentInfo): DerElement {
  const { eContent } = encapContentInfo;
  if (eContent === undefined) throw missingElement(`${encapContentInfo.path}.eContent`, "eContent");
  if (!isUniversal(eContent, UniversalTag.OCTET_STRING)) return eContent;

  const { element, trailing } = parseDer(readOctetString(eContent), eContent.path);
  if (trailing.length > 0) {
    throw new CmsFormatError(
      Asn1ErrorCode.Invalid,
      `${eContent.path}: ${trailing.length} bytes follow the DER value inside the OCTET STRING`,
    );
  }
  return element;
}
