/**
 * The timestamp of an Authenticode signature, from the first of these
 * unsigned attributes of its SignerInfo:
 *
 * - szOID_RFC3161_counterSign: an RFC 3161 time-stamp token, a ContentInfo
 *   whose SignedData encapsulates TSTInfo; the time is TSTInfo.genTime.
 * - id-countersignature (PKCS#9, RFC 5652 section 11.4): a SignerInfo over
 *   the signature; the time is its signingTime signed attribute.
 *
 * The signer's own signingTime is never used: it is the signing machine's
 * clock, not a time-stamp authority's.
 */
import type { DerElement } from "../asn1/der-element.js";
import { missingElement } from "../asn1/reader.js";
import { readTime } from "../asn1/time.js";
import { singleAttributeValue, type Attribute } from "../cms/attribute.js";
import { readSignedDataContent } from "../cms/content-info.js";
import { readEContentAsDer } from "../cms/encapsulated-content-info.js";
import { readSignedData } from "../cms/signed-data.js";
import { readSignerInfo, type SignerInfo } from "../cms/signer-info.js";
import { CmsFormatError, SignsweepError } from "../errors.js";
import { Asn1ErrorCode } from "../asn1/error-codes.js";
import { id_countersignature, id_ct_TSTInfo, id_signingTime, szOID_RFC3161_counterSign } from "../oids.js";
import { readGenTime } from "../tsp/tst-info.js";
import { simpleDisplayName } from "../x509/name.js";
import { AuthenticodeAnomaly } from "./anomalies.js";
import { CertificateBag } from "./certificate-bag.js";

export interface Countersignature {
  /** ISO 8601 UTC time from the time-stamp authority. */
  time: string;
  /** Simple display name of the time-stamp signer's certificate, when carried. */
  timestampSigner: string | null;
}

const countersignatureTypes = new Set([szOID_RFC3161_counterSign, id_countersignature]);

/**
 * Read the first countersignature among `unsignedAttrs`; null when there is
 * none. A malformed one adds an anomaly and yields null.
 */
export function readCountersignature(
  unsignedAttrs: readonly Attribute[] | undefined,
  outerCertificates: CertificateBag,
  anomalies: string[],
): Countersignature | null {
  const attribute = (unsignedAttrs ?? []).find((a) => countersignatureTypes.has(a.attrType));
  const value = attribute?.attrValues[0];
  if (attribute === undefined || value === undefined) return null;
  try {
    return attribute.attrType === szOID_RFC3161_counterSign
      ? readTimeStampToken(value, outerCertificates, anomalies)
      : readPkcs9Countersignature(value, outerCertificates);
  } catch (error) {
    if (!(error instanceof SignsweepError)) throw error;
    anomalies.push(AuthenticodeAnomaly.CountersignatureInvalid);
    return null;
  }
}

function readTimeStampToken(
  value: DerElement,
  outerCertificates: CertificateBag,
  anomalies: string[],
): Countersignature {
  const signedData = readSignedData(readSignedDataContent(value), `${value.path}.content`);
  const { encapContentInfo } = signedData;
  if (encapContentInfo.eContentType !== id_ct_TSTInfo) {
    throw new CmsFormatError(
      Asn1ErrorCode.InvalidValue,
      `${encapContentInfo.path}.eContentType: ${encapContentInfo.eContentType} is not id-ct-TSTInfo`,
    );
  }
  const time = readGenTime(readEContentAsDer(encapContentInfo));
  const certificates = new CertificateBag(signedData.certificates, anomalies).with(outerCertificates);
  return { time, timestampSigner: signerDisplayName(signedData.signerInfos[0], certificates) };
}

function readPkcs9Countersignature(value: DerElement, outerCertificates: CertificateBag): Countersignature {
  const signerInfo = readSignerInfo(value.named(`${value.path}.SignerInfo`));
  const signingTime = singleAttributeValue(signerInfo.signedAttrs, id_signingTime);
  if (signingTime === undefined) throw missingElement(`${value.path}.SignerInfo.signedAttrs`, "signingTime");
  return { time: readTime(signingTime), timestampSigner: signerDisplayName(signerInfo, outerCertificates) };
}

function signerDisplayName(signerInfo: SignerInfo | undefined, certificates: CertificateBag): string | null {
  const certificate = signerInfo && certificates.findSigner(signerInfo.sid);
  return certificate ? simpleDisplayName(certificate.subject) : null;
}
