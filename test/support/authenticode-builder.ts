/**
 * Builds Authenticode ContentInfo structures in code, so tests can reach
 * encodings that osslsigncode never writes: every name string type, negative
 * serials, subjectKeyIdentifier sids, PKCS#9 countersignatures, the CMS
 * OCTET STRING content form, missing signedAttrs. Certificates are real
 * (prime256v1 keys, ECDSA signatures) so OpenSSL accepts them; SignerInfo
 * signatures are placeholders, since nothing here verifies them.
 * OIDs are spelled out instead of imported, to stay independent of src/.
 */
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import {
  bitString,
  boolean,
  contextConstructed,
  contextPrimitive,
  generalizedTime,
  integer,
  nullValue,
  objectIdentifier,
  octetString,
  sequence,
  set,
  utcTime,
} from "./der-builder.js";

export const oid = {
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  countersignature: "1.2.840.113549.1.9.6",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  spcIndirectData: "1.3.6.1.4.1.311.2.1.4",
  spcPeImageData: "1.3.6.1.4.1.311.2.1.15",
  spcSpOpusInfo: "1.3.6.1.4.1.311.2.1.12",
  nestedSignature: "1.3.6.1.4.1.311.2.4.1",
  rfc3161CounterSign: "1.3.6.1.4.1.311.3.3.1",
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  md5: "1.2.840.113549.2.5",
  ecPublicKey: "1.2.840.10045.2.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  countryName: "2.5.4.6",
  organizationName: "2.5.4.10",
  organizationalUnitName: "2.5.4.11",
  emailAddress: "1.2.840.113549.1.9.1",
  subjectKeyIdentifier: "2.5.29.14",
  authorityKeyIdentifier: "2.5.29.35",
  cRLDistributionPoints: "2.5.29.31",
} as const;

export interface TestKey {
  privateKey: KeyObject;
  /** SubjectPublicKeyInfo DER. */
  spki: Uint8Array;
}

export function generateEcKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return { privateKey, spki: publicKey.export({ type: "spki", format: "der" }) };
}

export const algorithmIdentifier = (algorithm: string, withNullParameters = true) =>
  withNullParameters ? sequence(objectIdentifier(algorithm), nullValue()) : sequence(objectIdentifier(algorithm));

/** Encode a Name with one attribute per RDN, in stored order: `[type OID, encoded string value]`. */
export function name(...attributes: [string, Uint8Array][]): Uint8Array {
  return sequence(...attributes.map(([type, value]) => set(sequence(objectIdentifier(type), value))));
}

export function extension(extnID: string, value: Uint8Array, critical = false): Uint8Array {
  return critical
    ? sequence(objectIdentifier(extnID), boolean(true), octetString(value))
    : sequence(objectIdentifier(extnID), octetString(value));
}

export const subjectKeyIdentifierExtension = (keyIdHex: string) =>
  extension(oid.subjectKeyIdentifier, octetString(Buffer.from(keyIdHex, "hex")));
export const authorityKeyIdentifierExtension = (keyIdHex: string) =>
  extension(oid.authorityKeyIdentifier, sequence(contextPrimitive(0, Buffer.from(keyIdHex, "hex"))));
export const crlDistributionPointsExtension = (...urls: string[]) =>
  extension(
    oid.cRLDistributionPoints,
    sequence(
      ...urls.map((url) =>
        sequence(contextConstructed(0, contextConstructed(0, contextPrimitive(6, Buffer.from(url, "latin1"))))),
      ),
    ),
  );

export interface CertificateSpec {
  serialHex: string;
  issuer: Uint8Array;
  subject: Uint8Array;
  subjectKey: TestKey;
  issuerKey: TestKey;
  notBefore?: Uint8Array;
  notAfter?: Uint8Array;
  extensions?: Uint8Array[];
}

/** Encode an X.509 v3 certificate signed with ecdsa-with-SHA256 by `issuerKey`. */
export function certificate(spec: CertificateSpec): Uint8Array {
  const signatureAlgorithm = algorithmIdentifier(oid.ecdsaWithSha256, false);
  const extensions = spec.extensions ?? [];
  const tbsCertificate = sequence(
    contextConstructed(0, integer("02")),
    integer(spec.serialHex),
    signatureAlgorithm,
    spec.issuer,
    sequence(spec.notBefore ?? utcTime("240101000000Z"), spec.notAfter ?? utcTime("340101000000Z")),
    spec.subject,
    spec.subjectKey.spki,
    ...(extensions.length > 0 ? [contextConstructed(3, sequence(...extensions))] : []),
  );
  const signature = sign("sha256", tbsCertificate, spec.issuerKey.privateKey);
  return sequence(tbsCertificate, signatureAlgorithm, bitString(signature));
}

export const attribute = (type: string, ...values: Uint8Array[]) => sequence(objectIdentifier(type), set(...values));

export const issuerAndSerialNumber = (issuer: Uint8Array, serialHex: string) => sequence(issuer, integer(serialHex));

/** SignerIdentifier `[0] SubjectKeyIdentifier`. */
export const subjectKeyIdentifierSid = (keyIdHex: string) => contextPrimitive(0, Buffer.from(keyIdHex, "hex"));

export interface SignerInfoSpec {
  sid: Uint8Array;
  signedAttrs?: Uint8Array[];
  unsignedAttrs?: Uint8Array[];
}

const placeholderSignatureSizeInBytes = 64;

export function signerInfo(spec: SignerInfoSpec): Uint8Array {
  return sequence(
    integer("01"),
    spec.sid,
    algorithmIdentifier(oid.sha256),
    ...(spec.signedAttrs ? [contextConstructed(0, ...spec.signedAttrs)] : []),
    algorithmIdentifier(oid.ecdsaWithSha256, false),
    octetString(new Uint8Array(placeholderSignatureSizeInBytes).fill(0x5a)),
    ...(spec.unsignedAttrs ? [contextConstructed(1, ...spec.unsignedAttrs)] : []),
  );
}

export function spcIndirectDataContent(digestAlgorithm: string = oid.sha256): Uint8Array {
  return sequence(
    sequence(objectIdentifier(oid.spcPeImageData)),
    sequence(algorithmIdentifier(digestAlgorithm), octetString(new Uint8Array(32).fill(0xd1))),
  );
}

/** SpcSpOpusInfo with programName set to an already encoded SpcString choice. */
export const spcSpOpusInfo = (spcString: Uint8Array) => sequence(contextConstructed(0, spcString));

export interface SignedDataSpec {
  eContentType?: string;
  /** The content's DER; omitted entirely when null. */
  eContent?: Uint8Array | null;
  /** `pkcs7` puts the content in `[0] EXPLICIT` as is; `cms` wraps it in an OCTET STRING first. */
  contentForm?: "pkcs7" | "cms";
  /** Already encoded CertificateChoices, in order. */
  certificates?: Uint8Array[];
  signerInfos: Uint8Array[];
  version?: string;
}

export function signedData(spec: SignedDataSpec): Uint8Array {
  const eContent = spec.eContent === undefined ? spcIndirectDataContent() : spec.eContent;
  const wrapped = spec.contentForm === "cms" && eContent !== null ? octetString(eContent) : eContent;
  const encapContentInfo = sequence(
    objectIdentifier(spec.eContentType ?? oid.spcIndirectData),
    ...(wrapped === null ? [] : [contextConstructed(0, wrapped)]),
  );
  const certificates = spec.certificates ?? [];
  return sequence(
    integer(spec.version ?? "01"),
    set(algorithmIdentifier(oid.sha256)),
    encapContentInfo,
    ...(certificates.length > 0 ? [contextConstructed(0, ...certificates)] : []),
    set(...spec.signerInfos),
  );
}

export const contentInfo = (signedDataDer: Uint8Array) =>
  sequence(objectIdentifier(oid.signedData), contextConstructed(0, signedDataDer));

/** TSTInfo with the required fields and `genTimeText` as its GeneralizedTime. */
export function tstInfo(genTimeText: string): Uint8Array {
  return sequence(
    integer("01"),
    objectIdentifier("1.2.3.4.1"),
    sequence(algorithmIdentifier(oid.sha256), octetString(new Uint8Array(32).fill(0x7e))),
    integer("2a"),
    generalizedTime(genTimeText),
  );
}
