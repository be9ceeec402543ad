/**
 * Name (RFC 5280 section 4.1.2.4):
 *
 *   Name ::= CHOICE { rdnSequence RDNSequence }
 *   RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
 *   RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
 *   AttributeTypeAndValue ::= SEQUENCE {
 *     type AttributeType,
 *     value AttributeValue }
 */
import type { DerElement } from "../asn1/der-element.js";
import { invalidValue, readObjectIdentifier, readSequence, readSet } from "../asn1/reader.js";
import { SequenceFields } from "../asn1/sequence-fields.js";
import { decodeCharacterString } from "../asn1/strings.js";
import {
  id_at_commonName,
  id_at_organizationName,
  id_at_organizationalUnitName,
  id_emailAddress,
} from "../oids.js";

export interface AttributeTypeAndValue {
  /** Dotted OID of the attribute type. */
  type: string;
  /** The decoded string; undefined when the value is not a character string. */
  value: string | undefined;
  /** The value element as stored, for the `#hex` form of RFC 4514. */
  valueDer: Uint8Array;
}

export interface Name {
  /** The Name as stored, for exact comparison with another Name. */
  der: Uint8Array;
  /** RDNs in stored order: least specific (often C) first. */
  rdnSequence: AttributeTypeAndValue[][];
}

export function readName(element: DerElement): Name {
  const rdnSequence = readSequence(element).map((rdn) => {
    const attributes = readSet(rdn).map(readAttributeTypeAndValue);
    if (attributes.length === 0) throw invalidValue(rdn, "RelativeDistinguishedName is empty");
    return attributes;
  });
  return { der: element.der, rdnSequence };
}

function readAttributeTypeAndValue(element: DerElement): AttributeTypeAndValue {
  const fields = new SequenceFields(element);
  const type = readObjectIdentifier(fields.required("type"));
  const valueElement = fields.required("value");
  return { type, value: decodeCharacterString(valueElement), valueDer: valueElement.der };
}

/**
 * Attribute types searched, in order, for Windows' simple display name
 * (CertGetNameString with CERT_NAME_SIMPLE_DISPLAY_TYPE).
 */
const simpleDisplayNameTypes = [
  id_at_commonName,
  id_at_organizationalUnitName,
  id_at_organizationName,
  id_emailAddress,
];

/**
 * Return the simple display name: the first CN, else OU, else O, else emailAddress,
 * each searched in stored order; failing all, the first string attribute.
 * NOTE: Windows looks in the subjectAltName rfc822Name before that last
 * fallback; subjectAltName is not read here.
 */
export function simpleDisplayName(name: Name): string | null {
  const attributes = name.rdnSequence.flat();
  for (const type of simpleDisplayNameTypes) {
    const match = attributes.find((attribute) => attribute.type === type && attribute.value !== undefined);
    if (match) return match.value!;
  }
  return attributes.find((attribute) => attribute.value !== undefined)?.value ?? null;
}

/**
 * True when two Names are the same: byte-equal, or equal after the RFC 5280
 * section 7.1 caseIgnoreMatch simplification (case and runs of spaces).
 */
export function namesMatch(a: Name, b: Name): boolean {
  if (Buffer.compare(a.der, b.der) === 0) return true;
  if (a.rdnSequence.length !== b.rdnSequence.length) return false;
  return a.rdnSequence.every((rdn, index) => rdnsMatch(rdn, b.rdnSequence[index]!));
}

function rdnsMatch(a: AttributeTypeAndValue[], b: AttributeTypeAndValue[]): boolean {
  if (a.length !== b.length) return false;
  const keys = (rdn: AttributeTypeAndValue[]) => rdn.map(comparisonKey).sort().join("\u0000");
  return keys(a) === keys(b);
}

function comparisonKey(attribute: AttributeTypeAndValue): string {
  const value =
    attribute.value === undefined
      ? Buffer.from(attribute.valueDer).toString("hex")
      : attribute.value.trim().replace(/\s+/g, " ").toLowerCase();
  return `${attribute.type}=${value}`;
}
