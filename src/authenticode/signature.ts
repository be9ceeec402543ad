/**
 * One Authenticode signature: a SignedData whose content is
 * SpcIndirectDataContent, described by its first SignerInfo, the signer's
 * certificate and the time-stamp countersignature.
 */
import { CmsFormatError, SignsweepError } from "../errors.js";
import { Asn1ErrorCode } from "../asn1/error-codes.js";
import { singleAttributeValue } from "../cms/attribute.js";
import { readEContentAsDer } from "../cms/encapsulated-content-info.js";
import type { SignedData } from "../cms/signed-data.js";
import type { SignerInfo } from "../cms/signer-info.js";
import { SPC_INDIRECT_DATA_OBJID, SPC_SP_OPUS_INFO_OBJID, szOID_CTL } from "../oids.js";
import type { Certificate } from "../x509/certificate.js";
import { formatDistinguishedName } from "../x509/distinguished-name.js";
import { readName, simpleDisplayName } from "../x509/name.js";
import { openNodeCertificate } from "../x509/node-certificate.js";
import { AuthenticodeAnomaly } from "./anomalies.js";
import { CertificateBag } from "./certificate-bag.js";
import { readCountersignature } from "./countersignature.js";
import { digestAlgorithmName } from "./digest-algorithms.js";
import type { ParsedSignature } from "./read-signatures.js";
import { readSpcIndirectDataContent } from "./spc-indirect-data-content.js";
import { readProgramName } from "./spc-sp-opus-info.js";

/** Return the first SignerInfo, the one an Authenticode signature is made of. */
export function primarySignerInfo(signedData: SignedData): SignerInfo {
  const [signerInfo] = signedData.signerInfos;
  if (signerInfo === undefined) {
    throw new CmsFormatError(Asn1ErrorCode.MissingElement, `${signedData.element.path}.signerInfos: no SignerInfo`);
  }
  return signerInfo;
}

/** Describe `signedData` as one signature; raises only for a structure that is not Authenticode. */
export function describeSignature(signedData: SignedData, anomalies: string[]): ParsedSignature {
  const signerInfo = primarySignerInfo(signedData);
  if (signedData.signerInfos.length > 1) anomalies.push(AuthenticodeAnomaly.MultipleSignerInfos);
  const digestAlgorithm = readContentDigestAlgorithm(signedData, anomalies);

  const certificates = new CertificateBag(signedData.certificates, anomalies);
  const signer = certificates.findSigner(signerInfo.sid);
  if (signer === undefined) anomalies.push(AuthenticodeAnomaly.SignerCertificateNotFound);
  else checkWithOpenSsl(signer, signerInfo, anomalies);
  const issuer = signer && certificates.findIssuer(signer);
  const countersignature = readCountersignature(signerInfo.unsignedAttrs, certificates, anomalies);

  return {
    ...describeSignerCertificate(signer, signerInfo),
    IssuerHash: issuer?.thumbprintSha1 ?? null,
    CertificateCountersignatureTime: countersignature?.time ?? null,
    DigestAlgorithm: digestAlgorithm,
    ProgramName: readProgramNameAttribute(signerInfo, anomalies),
    TimestampSigner: countersignature?.timestampSigner ?? null,
  };
}

type SignerColumns = Pick<
  ParsedSignature,
  | "Signer"
  | "SignerSubject"
  | "SignerHash"
  | "Issuer"
  | "CertificateSerialNumber"
  | "CertificateCreationTime"
  | "CertificateExpirationTime"
  | "CrlDistributionPointUrls"
>;

/** Columns from the signer certificate; without it, issuer and serial still come from sid. */
function describeSignerCertificate(signer: Certificate | undefined, signerInfo: SignerInfo): SignerColumns {
  if (signer !== undefined) {
    return {
      Signer: simpleDisplayName(signer.subject),
      SignerSubject: formatDistinguishedName(signer.subject),
      SignerHash: signer.thumbprintSha1,
      Issuer: simpleDisplayName(signer.issuer),
      CertificateSerialNumber: signer.serialNumber,
      CertificateCreationTime: signer.notBefore,
      CertificateExpirationTime: signer.notAfter,
      CrlDistributionPointUrls: signer.crlDistributionPointUrls,
    };
  }
  const { sid } = signerInfo;
  const byIssuerAndSerial = sid.kind === "issuerAndSerialNumber";
  return {
    Signer: null,
    SignerSubject: null,
    SignerHash: null,
    Issuer: byIssuerAndSerial ? simpleDisplayName(readName(sid.issuer)) : null,
    CertificateSerialNumber: byIssuerAndSerial ? sid.serialNumber : null,
    CertificateCreationTime: null,
    CertificateExpirationTime: null,
    CrlDistributionPointUrls: [],
  };
}

/**
 * SpcIndirectDataContent.messageDigest's algorithm name. Catalogs (CTL
 * content) carry no such digest; any other content type is an anomaly.
 */
function readContentDigestAlgorithm(signedData: SignedData, anomalies: string[]): string | null {
  const { encapContentInfo } = signedData;
  if (encapContentInfo.eContentType === SPC_INDIRECT_DATA_OBJID) {
    const content = readSpcIndirectDataContent(readEContentAsDer(encapContentInfo));
    return digestAlgorithmName(content.digestAlgorithm);
  }
  if (encapContentInfo.eContentType !== szOID_CTL) anomalies.push(AuthenticodeAnomaly.UnexpectedContentType);
  return null;
}

function readProgramNameAttribute(signerInfo: SignerInfo, anomalies: string[]): string | null {
  try {
    const opusInfo = singleAttributeValue(signerInfo.signedAttrs, SPC_SP_OPUS_INFO_OBJID);
    return opusInfo ? readProgramName(opusInfo) : null;
  } catch (error) {
    if (!(error instanceof SignsweepError)) throw error;
    anomalies.push(AuthenticodeAnomaly.SpcSpOpusInfoInvalid);
    return null;
  }
}

/** Signer thumbprints whose OpenSSL verdict is remembered, per thread. */
const maxRememberedOpenSslVerdicts = 4096;
const openSslVerdicts = new Map<string, boolean>();

/**
 * Tell whether OpenSSL accepts the certificate, remembering the verdict by
 * thumbprint. Perf: constructing an X509Certificate was the largest single
 * cost of a sweep in the profile, and a host has few distinct signers.
 */
function isAcceptedByOpenSsl(signer: Certificate, path: string): boolean {
  const known = openSslVerdicts.get(signer.thumbprintSha1);
  if (known !== undefined) return known;
  let accepted = true;
  try {
    openNodeCertificate(signer.der, path);
  } catch (error) {
    if (!(error instanceof SignsweepError)) throw error;
    accepted = false;
  }
  if (openSslVerdicts.size >= maxRememberedOpenSslVerdicts) openSslVerdicts.clear();
  openSslVerdicts.set(signer.thumbprintSha1, accepted);
  return accepted;
}

/** Pass on the certificate's own anomalies and note when OpenSSL cannot parse it. */
function checkWithOpenSsl(signer: Certificate, signerInfo: SignerInfo, anomalies: string[]): void {
  anomalies.push(...signer.anomalies);
  if (!isAcceptedByOpenSsl(signer, `${signerInfo.element.path}.sid`)) {
    anomalies.push(AuthenticodeAnomaly.SignerCertificateRejectedByOpenSsl);
  }
}
