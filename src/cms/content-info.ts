/**
 * ContentInfo (RFC 5652 section 3):
 *
 *   ContentInfo ::= SEQUENCE {
 *     contentType ContentType,
 *     content [0] EXPLICIT ANY DEFINED BY contentType }
 */
import type { DerElement } from "../asn1/der-element.js";
import { invalidValue, isContextTag, isUniversal, readExplicit, readObjectIdentifier } from "../asn1/reader.js";
import { SequenceFields } from "../asn1/sequence-fields.js";
import { UniversalTag } from "../asn1/tags.js";
import { id_signedData } from "../oids.js";

const contentTag = 0;

export interface ContentInfo {
  contentType: string;
  /** The value inside `[0] EXPLICIT`. */
  content: DerElement;
}

export function readContentInfo(element: DerElement): ContentInfo {
  const fields = new SequenceFields(element);
  const contentTypeElement = fields.required(
    "contentType",
    (candidate) => isUniversal(candidate, UniversalTag.OBJECT_IDENTIFIER),
    "OBJECT IDENTIFIER",
  );
  const contentType = readObjectIdentifier(contentTypeElement);
  const explicit = fields.required("content", (candidate) => isContextTag(candidate, contentTag), "[0]");
  return { contentType, content: readExplicit(explicit) };
}

/** The content of a ContentInfo whose contentType must be id-signedData. */
export function readSignedDataContent(element: DerElement): DerElement {
  const { contentType, content } = readContentInfo(element);
  if (contentType !== id_signedData) {
    throw invalidValue(element, `contentType is ${contentType}, expected id-signedData (${id_signedData})`);
  }
  return content;
}
