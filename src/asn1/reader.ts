/**
 * Typed reads over DerElement: each checks the tag a field requires and
 * raises CmsFormatError naming the field's spec path, the expected tag and
 * the tag found.
 */
import { CmsFormatError } from "../errors.js";
import type { DerElement } from "./der-element.js";
import { Asn1ErrorCode } from "./error-codes.js";
import { TagClass, UniversalTag } from "./tags.js";

const universalTagNames = new Map<number, string>(
  Object.entries(UniversalTag).map(([name, tag]) => [tag, name]),
);

/** Bits per subidentifier octet of an OBJECT IDENTIFIER (X.690 section 8.19.2). */
const oidOctetValueBits = 7n;
const oidContinuationBit = 0x80;
const oidOctetValueMask = 0x7f;
/** First subidentifier is X * 40 + Y (X.690 section 8.19.4). */
const oidFirstArcFactor = 40n;
const oidMaxFirstArc = 2n;

/** Tag of an element in the notation of X.680, e.g. `SEQUENCE` or `[0] constructed`. */
export function describeTag(element: DerElement): string {
  const form = element.constructed ? "constructed" : "primitive";
  if (element.tagClass === TagClass.UNIVERSAL) {
    return universalTagNames.get(element.tagNumber) ?? `UNIVERSAL ${element.tagNumber} ${form}`;
  }
  if (element.tagClass === TagClass.CONTEXT_SPECIFIC) return `[${element.tagNumber}] ${form}`;
  const className = element.tagClass === TagClass.APPLICATION ? "APPLICATION" : "PRIVATE";
  return `[${className} ${element.tagNumber}] ${form}`;
}

export function isUniversal(element: DerElement, tagNumber: number): boolean {
  return element.tagClass === TagClass.UNIVERSAL && element.tagNumber === tagNumber;
}

export function isContextTag(element: DerElement, tagNumber: number): boolean {
  return element.tagClass === TagClass.CONTEXT_SPECIFIC && element.tagNumber === tagNumber;
}

/** Raise unless `element` carries universal tag `tagNumber`. */
export function expectUniversal(element: DerElement, tagNumber: number): DerElement {
  if (!isUniversal(element, tagNumber)) {
    const expected = universalTagNames.get(tagNumber) ?? `UNIVERSAL ${tagNumber}`;
    throw unexpectedTag(element, expected);
  }
  return element;
}

export function unexpectedTag(element: DerElement, expected: string): CmsFormatError {
  return new CmsFormatError(
    Asn1ErrorCode.UnexpectedTag,
    `${element.path}: expected ${expected}, found ${describeTag(element)}`,
  );
}

/** Children of a constructed SEQUENCE. */
export function readSequence(element: DerElement): readonly DerElement[] {
  return readConstructed(element, UniversalTag.SEQUENCE);
}

/** Children of a constructed SET or SET OF. */
export function readSet(element: DerElement): readonly DerElement[] {
  return readConstructed(element, UniversalTag.SET);
}

/** Children of an element of any tag, which must use the constructed form. */
export function readConstructedChildren(element: DerElement): readonly DerElement[] {
  if (!element.constructed) throw unexpectedTag(element, "a constructed encoding");
  return element.children;
}

/** Return the one value inside an `[n] EXPLICIT` tag, under the tag's spec path. */
export function readExplicit(element: DerElement): DerElement {
  const [value, ...extra] = readConstructedChildren(element);
  if (value === undefined) throw invalidValue(element, "EXPLICIT tag is empty");
  if (extra.length > 0) throw invalidValue(element, "EXPLICIT tag contains more than one value");
  return value.named(element.path);
}

function readConstructed(element: DerElement, tagNumber: number): readonly DerElement[] {
  expectUniversal(element, tagNumber);
  return readConstructedChildren(element);
}

/** Dotted-decimal form of an OBJECT IDENTIFIER (X.690 section 8.19). */
export function readObjectIdentifier(element: DerElement): string {
  expectUniversal(element, UniversalTag.OBJECT_IDENTIFIER);
  const content = readPrimitiveContent(element);
  if (content.length === 0) throw invalidValue(element, "OBJECT IDENTIFIER is empty");

  const subidentifiers: bigint[] = [];
  let value = 0n;
  let octetsInValue = 0;
  for (const octet of content) {
    // A leading 0x80 octet would be a non-minimal encoding (X.690 8.19.2).
    if (octetsInValue === 0 && octet === oidContinuationBit) {
      throw invalidValue(element, "OBJECT IDENTIFIER subidentifier has a leading 0x80 octet");
    }
    value = (value << oidOctetValueBits) | BigInt(octet & oidOctetValueMask);
    octetsInValue++;
    if ((octet & oidContinuationBit) === 0) {
      subidentifiers.push(value);
      value = 0n;
      octetsInValue = 0;
    }
  }
  if (octetsInValue !== 0) throw invalidValue(element, "OBJECT IDENTIFIER ends inside a subidentifier");

  const [first, ...rest] = subidentifiers as [bigint, ...bigint[]];
  const firstArc = first / oidFirstArcFactor < oidMaxFirstArc ? first / oidFirstArcFactor : oidMaxFirstArc;
  const secondArc = first - firstArc * oidFirstArcFactor;
  return [firstArc, secondArc, ...rest].join(".");
}

/** Content octets of an INTEGER as stored, two's-complement sign kept. */
export function readIntegerContent(element: DerElement): Uint8Array {
  expectUniversal(element, UniversalTag.INTEGER);
  const content = readPrimitiveContent(element);
  if (content.length === 0) throw invalidValue(element, "INTEGER has no content octets");
  return content;
}

/** An INTEGER small enough for a version field. */
export function readSmallInteger(element: DerElement): number {
  const content = readIntegerContent(element);
  const maxSmallIntegerSizeInBytes = 4;
  if (content.length > maxSmallIntegerSizeInBytes) {
    throw invalidValue(element, `INTEGER of ${content.length} bytes is too large for this field`);
  }
  return Buffer.from(content).readIntBE(0, content.length);
}

/**
 * Bytes of an OCTET STRING. BER allows a constructed OCTET STRING made of
 * primitive segments (X.690 section 8.7.3); they are joined.
 */
export function readOctetString(element: DerElement): Uint8Array {
  expectUniversal(element, UniversalTag.OCTET_STRING);
  if (!element.constructed) return element.content;
  const segments = element.children.map((segment) => {
    if (segment.constructed) throw unexpectedTag(segment, "a primitive OCTET STRING segment");
    return readOctetString(segment);
  });
  return Buffer.concat(segments);
}

/** Content octets of an element that must use the primitive form. */
export function readPrimitiveContent(element: DerElement): Uint8Array {
  if (element.constructed) throw unexpectedTag(element, "a primitive encoding");
  return element.content;
}

export function invalidValue(element: DerElement, reason: string, cause?: unknown): CmsFormatError {
  const options = cause === undefined ? undefined : { cause };
  return new CmsFormatError(Asn1ErrorCode.InvalidValue, `${element.path}: ${reason}`, options);
}

export function missingElement(path: string, what: string): CmsFormatError {
  return new CmsFormatError(Asn1ErrorCode.MissingElement, `${path}: ${what} is missing`);
}

/** Lowercase hexadecimal of some bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
