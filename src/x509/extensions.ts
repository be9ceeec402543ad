/**
 * The certificate extensions signsweep reads (RFC 5280 section 4.2):
 *
 *   Extension ::= SEQUENCE {
 *     extnID OBJECT IDENTIFIER,
 *     critical BOOLEAN DEFAULT FALSE,
 *     extnValue OCTET STRING }
 *
 *   SubjectKeyIdentifier ::= KeyIdentifier  (OCTET STRING)
 *   AuthorityKeyIdentifier ::= SEQUENCE {
 *     keyIdentifier [0] KeyIdentifier OPTIONAL, ... }
 *   CRLDistributionPoints ::= SEQUENCE OF DistributionPoint
 *   DistributionPoint ::= SEQUENCE {
 *     distributionPoint [0] DistributionPointName OPTIONAL, ... }
 *   DistributionPointName ::= CHOICE {
 *     fullName [0] GeneralNames, ... }
 *   GeneralName ::= CHOICE { ..., uniformResourceIdentifier [6] IA5String, ... }
 */
import { parseDer, type DerElement } from "../asn1/der-element.js";
import {
  invalidValue,
  isContextTag,
  isUniversal,
  readConstructedChildren,
  readObjectIdentifier,
  readOctetString,
  readPrimitiveContent,
  readSequence,
  toHex,
} from "../asn1/reader.js";
import { SequenceFields } from "../asn1/sequence-fields.js";
import { UniversalTag } from "../asn1/tags.js";

const keyIdentifierTag = 0;
const distributionPointTag = 0;
const fullNameTag = 0;
const uniformResourceIdentifierTag = 6;

export interface Extension {
  extnID: string;
  critical: boolean;
  /** The DER value inside extnValue, parsed on demand. */
  extnValue: Uint8Array;
  path: string;
}

export function readExtensions(element: DerElement): Extension[] {
  return readSequence(element).map((extension) => {
    const fields = new SequenceFields(extension);
    const extnID = readObjectIdentifier(fields.required("extnID"));
    const criticalElement = fields.optional("critical", (c) => isUniversal(c, UniversalTag.BOOLEAN));
    const critical = criticalElement ? readPrimitiveContent(criticalElement)[0] !== 0 : false;
    const extnValue = readOctetString(fields.required("extnValue"));
    return { extnID, critical, extnValue, path: `${extension.path}.extnValue` };
  });
}

/** Parse an extension's value, which must be exactly one DER element. */
function parseExtensionValue(extension: Extension): DerElement {
  const { element, trailing } = parseDer(extension.extnValue, extension.path);
  if (trailing.length > 0) throw invalidValue(element, `${trailing.length} bytes follow the value`);
  return element;
}

/** Lowercase hex of the SubjectKeyIdentifier. */
export function readSubjectKeyIdentifier(extension: Extension): string {
  return toHex(readOctetString(parseExtensionValue(extension)));
}

/** Lowercase hex of AuthorityKeyIdentifier.keyIdentifier, or null when absent. */
export function readAuthorityKeyIdentifier(extension: Extension): string | null {
  const fields = new SequenceFields(parseExtensionValue(extension));
  const keyIdentifier = fields.optional("keyIdentifier", (c) => isContextTag(c, keyIdentifierTag));
  return keyIdentifier ? toHex(readPrimitiveContent(keyIdentifier)) : null;
}

/** Collect every uniformResourceIdentifier in the fullName of each DistributionPoint. */
export function readCrlDistributionPointUrls(extension: Extension): string[] {
  const urls: string[] = [];
  for (const distributionPoint of readSequence(parseExtensionValue(extension))) {
    const fields = new SequenceFields(distributionPoint);
    const name = fields.optional("distributionPoint", (c) => isContextTag(c, distributionPointTag));
    if (name === undefined) continue;
    // [0] is EXPLICIT here because DistributionPointName is a CHOICE (X.680 31.2.7).
    for (const choice of readConstructedChildren(name)) {
      if (!isContextTag(choice, fullNameTag)) continue;
      for (const generalName of readConstructedChildren(choice)) {
        if (!isContextTag(generalName, uniformResourceIdentifierTag)) continue;
        urls.push(Buffer.from(readPrimitiveContent(generalName)).toString("latin1"));
      }
    }
  }
  return urls;
}
