/**
 * SpcSpOpusInfo, the signed attribute that names the signed program
 * (Authenticode PE Signature Format, "SpcSpOpusInfo"):
 *
 *   SpcSpOpusInfo ::= SEQUENCE {
 *     programName [0] EXPLICIT SpcString OPTIONAL,
 *     moreInfo [1] EXPLICIT SpcLink OPTIONAL }
 *
 *   SpcString ::= CHOICE {
 *     unicode [0] IMPLICIT BMPSTRING,
 *     ascii [1] IMPLICIT IA5STRING }
 */
import type { DerElement } from "../asn1/der-element.js";
import { isContextTag, readExplicit, readPrimitiveContent, unexpectedTag } from "../asn1/reader.js";
import { SequenceFields } from "../asn1/sequence-fields.js";
import { decodeBmpContent } from "../asn1/strings.js";

const programNameTag = 0;
const spcStringUnicodeTag = 0;
const spcStringAsciiTag = 1;

/** SpcSpOpusInfo.programName, or null when the signer left it out. */
export function readProgramName(element: DerElement): string | null {
  const fields = new SequenceFields(element.named(`${element.path}.SpcSpOpusInfo`));
  const programName = fields.optional("programName", (c) => isContextTag(c, programNameTag));
  return programName ? readSpcString(readExplicit(programName)) : null;
}

function readSpcString(element: DerElement): string {
  if (isContextTag(element, spcStringUnicodeTag)) {
    return decodeBmpContent(element, readPrimitiveContent(element));
  }
  if (isContextTag(element, spcStringAsciiTag)) {
    return Buffer.from(readPrimitiveContent(element)).toString("latin1");
  }
  throw unexpectedTag(element, "SpcString [0] unicode or [1] ascii");
}
