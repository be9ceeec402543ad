/**
 * AlgorithmIdentifier (RFC 5280 section 4.1.1.2):
 *
 *   AlgorithmIdentifier ::= SEQUENCE {
 *     algorithm OBJECT IDENTIFIER,
 *     parameters ANY DEFINED BY algorithm OPTIONAL }
 */
import type { DerElement } from "../asn1/der-element.js";
import { readObjectIdentifier } from "../asn1/reader.js";
import { SequenceFields } from "../asn1/sequence-fields.js";

/** Return the `algorithm` OID. No reader here needs the parameters. */
export function readAlgorithmIdentifier(element: DerElement): string {
  return readObjectIdentifier(new SequenceFields(element).required("algorithm"));
}
