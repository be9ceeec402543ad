/**
 * Attribute (RFC 5652 section 5.3):
 *
 *   Attribute ::= SEQUENCE {
 *     attrType OBJECT IDENTIFIER,
 *     attrValues SET OF AttributeValue }
 */
import type { DerElement } from "../asn1/der-element.js";
import { CmsFormatError } from "../errors.js";
import { Asn1ErrorCode } from "../asn1/error-codes.js";
import { readConstructedChildren, readObjectIdentifier, readSet } from "../asn1/reader.js";
import { SequenceFields } from "../asn1/sequence-fields.js";

export interface Attribute {
  attrType: string;
  attrValues: readonly DerElement[];
  /** Spec path of the attribute, such as `SignerInfo.unsignedAttrs[0]`. */
  path: string;
}

/** Read `SignedAttributes` or `UnsignedAttributes`: a SET OF Attribute under an implicit tag. */
export function readAttributes(element: DerElement): Attribute[] {
  return readConstructedChildren(element).map((attribute) => {
    const fields = new SequenceFields(attribute);
    const attrType = readObjectIdentifier(fields.required("attrType"));
    // Children of the named attrValues element are already `….attrValues[i]`.
    const attrValues = readSet(fields.required("attrValues"));
    return { attrType, attrValues, path: attribute.path };
  });
}

/** Collect every value of the attributes of type `attrType`, in order. */
export function attributeValues(attributes: readonly Attribute[] | undefined, attrType: string): DerElement[] {
  return (attributes ?? []).filter((a) => a.attrType === attrType).flatMap((a) => a.attrValues);
}

/**
 * Return the one value of a single-valued attribute such as signingTime
 * (RFC 5652 section 11), or undefined when the attribute is absent.
 */
export function singleAttributeValue(
  attributes: readonly Attribute[] | undefined,
  attrType: string,
): DerElement | undefined {
  const matching = (attributes ?? []).filter((a) => a.attrType === attrType);
  const [first, ...others] = matching;
  if (first === undefined) return undefined;
  const [value, ...extraValues] = first.attrValues;
  if (value === undefined || others.length > 0 || extraValues.length > 0) {
    throw new CmsFormatError(
      Asn1ErrorCode.InvalidValue,
      `${first.path}: attribute ${attrType} must occur once with exactly one value`,
    );
  }
  return value;
}
