/** `code` values of the CmsFormatError raised while reading ASN.1 and CMS. */
export const Asn1ErrorCode = {
  /** The bytes are not valid DER (or BER) at all. */
  Invalid: "Asn1Invalid",
  /** An element has another tag than the field requires. */
  UnexpectedTag: "Asn1UnexpectedTag",
  /** A required element or value is absent. */
  MissingElement: "Asn1MissingElement",
  /** A value is well formed but not what the field allows. */
  InvalidValue: "Asn1InvalidValue",
  /** A size, count or depth limit was exceeded. */
  LimitExceeded: "Asn1LimitExceeded",
  /** The input contains more elements than one parse may build. */
  TooManyElements: "Asn1TooManyElements",
} as const;
