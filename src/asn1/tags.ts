/**
 * ASN.1 identifier octets (X.690 section 8.1.2): the tag classes and the
 * universal tag numbers that the CMS and X.509 readers expect.
 */

/** Tag class, bits 8 and 7 of the identifier octet, as node-forge reports it. */
export const TagClass = {
  UNIVERSAL: 0x00,
  APPLICATION: 0x40,
  CONTEXT_SPECIFIC: 0x80,
  PRIVATE: 0xc0,
} as const;

export type TagClassValue = (typeof TagClass)[keyof typeof TagClass];

/** Universal tag numbers (X.680 section 8.4, table 1). */
export const UniversalTag = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OBJECT_IDENTIFIER: 6,
  ENUMERATED: 10,
  UTF8String: 12,
  SEQUENCE: 16,
  SET: 17,
  NumericString: 18,
  PrintableString: 19,
  T61String: 20,
  IA5String: 22,
  UTCTime: 23,
  GeneralizedTime: 24,
  VisibleString: 26,
  UniversalString: 28,
  BMPString: 30,
} as const;

/** Identifier octet bits (X.690 sections 8.1.2.2 to 8.1.2.4). */
export const identifierClassMask = 0xc0;
export const identifierConstructedBit = 0x20;
export const identifierTagNumberMask = 0x1f;
/** A low tag number of 31 announces the high-tag-number form. */
export const highTagNumberForm = 0x1f;

/** Length octets (X.690 section 8.1.3). */
export const lengthLongFormBit = 0x80;
export const lengthIndefiniteForm = 0x80;
export const lengthOctetCountMask = 0x7f;
/** End-of-contents octets that close an indefinite length (X.690 section 8.1.5). */
export const endOfContentsSizeInBytes = 2;
