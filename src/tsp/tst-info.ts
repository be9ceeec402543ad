/**
 * TSTInfo, the content of an RFC 3161 time-stamp token (RFC 3161 section 2.4.2):
 *
 *   TSTInfo ::= SEQUENCE {
 *     version INTEGER { v1(1) },
 *     policy TSAPolicyId,
 *     messageImprint MessageImprint,
 *     serialNumber INTEGER,
 *     genTime GeneralizedTime,
 *     accuracy Accuracy OPTIONAL,
 *     ... }
 */
import type { DerElement } from "../asn1/der-element.js";
import { expectUniversal } from "../asn1/reader.js";
import { SequenceFields } from "../asn1/sequence-fields.js";
import { UniversalTag } from "../asn1/tags.js";
import { readGeneralizedTime } from "../asn1/time.js";

/** TSTInfo.genTime as ISO 8601 UTC, milliseconds kept. */
export function readGenTime(element: DerElement): string {
  const fields = new SequenceFields(element.named(`${element.path}.TSTInfo`));
  fields.required("version");
  fields.required("policy");
  fields.required("messageImprint");
  fields.required("serialNumber");
  return readGeneralizedTime(expectUniversal(fields.required("genTime"), UniversalTag.GeneralizedTime));
}
