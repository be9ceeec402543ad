/**
 * SpcIndirectDataContent (Windows Authenticode Portable Executable Signature
 * Format, "Authenticode-Specific Structures"):
 *
 *   SpcIndirectDataContent ::= SEQUENCE {
 *     data SpcAttributeTypeAndOptionalValue,
 *     messageDigest DigestInfo }
 *
 *   SpcAttributeTypeAndOptionalValue ::= SEQUENCE {
 *     type ObjectID,
 *     value [0] EXPLICIT ANY OPTIONAL }
 *
 *   DigestInfo ::= SEQUENCE {
 *     digestAlgorithm AlgorithmIdentifier,
 *     digest OCTETSTRING }
 */
import type { DerElement } from "../asn1/der-element.js";
import { readObjectIdentifier, readOctetString } from "../asn1/reader.js";
import { SequenceFields } from "../asn1/sequence-fields.js";
import { readAlgorithmIdentifier } from "../cms/algorithm-identifier.js";

export interface SpcIndirectDataContent {
  /** `data.type`, such as SPC_PE_IMAGE_DATAOBJ for a PE file. */
  dataType: string;
  /** OID of `messageDigest.digestAlgorithm`. */
  digestAlgorithm: string;
  /** The Authenticode digest of the signed file. */
  digest: Uint8Array;
}

export function readSpcIndirectDataContent(element: DerElement): SpcIndirectDataContent {
  const named = element.named(`${element.path}.SpcIndirectDataContent`);
  const fields = new SequenceFields(named);
  const data = new SequenceFields(fields.required("data"));
  const dataType = readObjectIdentifier(data.required("type"));
  const messageDigest = new SequenceFields(fields.required("messageDigest"));
  const digestAlgorithm = readAlgorithmIdentifier(messageDigest.required("digestAlgorithm"));
  const digest = readOctetString(messageDigest.required("digest"));
  return { dataType, digestAlgorithm, digest };
}
