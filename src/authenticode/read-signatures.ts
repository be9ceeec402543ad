/**
 * Entry point of the Authenticode layer: from the bCertificate bytes of one
 * WIN_CERTIFICATE entry (a DER ContentInfo, usually zero-padded to 8 bytes)
 * to every signature it contains. Nested signatures live in the primary
 * SignerInfo's unsigned attribute szOID_NESTED_SIGNATURE, each value another
 * ContentInfo.
 */
import { parseDer, type DerElement } from "../asn1/der-element.js";
import { readSignedDataContent } from "../cms/content-info.js";
import { attributeValues } from "../cms/attribute.js";
import { readSignedData } from "../cms/signed-data.js";
import { CmsFormatError, SignsweepError, describeError } from "../errors.js";
import type { SignatureRecord } from "../model.js";
import { szOID_NESTED_SIGNATURE } from "../oids.js";
import { AuthenticodeAnomaly } from "./anomalies.js";
import { describeSignature, primarySignerInfo } from "./signature.js";

/** One signature's columns; the caller assigns SignatureIndex and SignatureType. */
export type ParsedSignature = Omit<SignatureRecord, "SignatureIndex" | "SignatureType">;

export interface AuthenticodeReadResult {
  signatures: ParsedSignature[];
  anomalies: string[];
}

/**
 * Levels of nesting read below the primary signature. `osslsigncode -nest`
 * puts the nested signature one level below the primary; the limit leaves
 * room for deeper, hand-made nesting.
 */
export const maxNestedSignatureDepth = 4;

/** Signatures read from one entry, nested ones included. */
export const maxSignaturesPerEntry = 64;

/** Primary signature first, then nested ones depth-first. */
export function readAuthenticodeSignatures(bCertificate: Uint8Array): AuthenticodeReadResult {
  const result: AuthenticodeReadResult = { signatures: [], anomalies: [] };
  try {
    const { element, trailing } = parseDer(bCertificate, "ContentInfo");
    if (trailing.some((byte) => byte !== 0)) result.anomalies.push(AuthenticodeAnomaly.DataAfterSignedData);
    readSignatureTree(element, "SignedData", 0, result);
    return { signatures: result.signatures, anomalies: [...new Set(result.anomalies)] };
  } catch (error) {
    if (error instanceof SignsweepError) throw error;
    // Library failures (node-forge, OpenSSL, a stack overflow) must not leave this layer untyped.
    throw new CmsFormatError("CmsParserFailed", `ContentInfo: unexpected parser failure: ${describeError(error)}`, {
      cause: error,
    });
  }
}

/** Read the signature in `contentInfo`, then its nested signatures, into `result`. */
function readSignatureTree(
  contentInfo: DerElement,
  signedDataPath: string,
  depth: number,
  result: AuthenticodeReadResult,
): void {
  const signedData = readSignedData(readSignedDataContent(contentInfo), signedDataPath);
  result.signatures.push(describeSignature(signedData, result.anomalies));

  const nested = attributeValues(primarySignerInfo(signedData).unsignedAttrs, szOID_NESTED_SIGNATURE);
  if (nested.length > 0 && depth >= maxNestedSignatureDepth) {
    result.anomalies.push(AuthenticodeAnomaly.NestedSignatureTooDeep);
    return;
  }
  for (const value of nested) {
    if (result.signatures.length >= maxSignaturesPerEntry) {
      result.anomalies.push(AuthenticodeAnomaly.TooManySignatures);
      return;
    }
    readNestedSignature(value, depth + 1, result);
  }
}

/** Read one nested signature, skipping it with an anomaly when it is malformed. */
function readNestedSignature(value: DerElement, depth: number, result: AuthenticodeReadResult): void {
  try {
    readSignatureTree(value, `${value.path}.content`, depth, result);
  } catch (error) {
    if (!(error instanceof SignsweepError)) throw error;
    result.anomalies.push(AuthenticodeAnomaly.NestedSignatureInvalid);
  }
}
