/**
 * Certificate (RFC 5280 section 4.1), read from the ASN.1 tree so names,
 * serial and times come out exactly as stored:
 *
 *   Certificate ::= SEQUENCE {
 *     tbsCertificate TBSCertificate,
 *     signatureAlgorithm AlgorithmIdentifier,
 *     signatureValue BIT STRING }
 *
 *   TBSCertificate ::= SEQUENCE {
 *     version [0] EXPLICIT Version DEFAULT v1,
 *     serialNumber CertificateSerialNumber,
 *     signature AlgorithmIdentifier,
 *     issuer Name,
 *     validity Validity,
 *     subject Name,
 *     subjectPublicKeyInfo SubjectPublicKeyInfo,
 *     issuerUniqueID [1] IMPLICIT UniqueIdentifier OPTIONAL,
 *     subjectUniqueID [2] IMPLICIT UniqueIdentifier OPTIONAL,
 *     extensions [3] EXPLICIT Extensions OPTIONAL }
 *
 *   Validity ::= SEQUENCE { notBefore Time, notAfter Time }
 */
import { createHash } from "node:crypto";
import type { DerElement } from "../asn1/der-element.js";
import { isContextTag, isUniversal, readExplicit, readIntegerContent, toHex } from "../asn1/reader.js";
import { SequenceFields } from "../asn1/sequence-fields.js";
import { UniversalTag } from "../asn1/tags.js";
import { readTime } from "../asn1/time.js";
import { CertificateFormatError, SignsweepError } from "../errors.js";
import { X509Anomaly } from "./anomalies.js";
import { readCertificateExtensions, type CertificateExtensionValues } from "./certificate-extensions.js";
import { readName, type Name } from "./name.js";

const versionTag = 0;
const issuerUniqueIdTag = 1;
const subjectUniqueIdTag = 2;
const extensionsTag = 3;

export interface Certificate extends CertificateExtensionValues {
  /** The certificate as stored; thumbprints are taken over these bytes. */
  der: Uint8Array;
  /** SHA-1 of `der`, lowercase hex. */
  thumbprintSha1: string;
  /** Lowercase hex of the serialNumber INTEGER content octets, as stored. */
  serialNumber: string;
  issuer: Name;
  subject: Name;
  /** ISO 8601 UTC, or null when the stored time is invalid (see `anomalies`). */
  notBefore: string | null;
  notAfter: string | null;
  /** Anomaly codes for parts that could not be read; the rest is still valid. */
  anomalies: string[];
}

const isSequence = (element: DerElement) => isUniversal(element, UniversalTag.SEQUENCE);

/**
 * Read a Certificate. Raises CertificateFormatError when its structure is
 * broken; an invalid time or extension only adds an anomaly.
 */
export function readCertificate(element: DerElement): Certificate {
  try {
    return readCertificateFields(element);
  } catch (error) {
    if (error instanceof CertificateFormatError || !(error instanceof SignsweepError)) throw error;
    throw new CertificateFormatError("CertificateInvalid", error.message, { cause: error });
  }
}

function readCertificateFields(element: DerElement): Certificate {
  const certificate = new SequenceFields(element);
  const tbs = new SequenceFields(certificate.required("tbsCertificate", isSequence, "TBSCertificate SEQUENCE"));
  tbs.optional("version", (c) => isContextTag(c, versionTag));
  const serialNumber = toHex(readIntegerContent(tbs.required("serialNumber")));
  tbs.required("signature", isSequence, "AlgorithmIdentifier SEQUENCE");
  const issuer = readName(tbs.required("issuer", isSequence, "Name SEQUENCE"));
  const validity = new SequenceFields(tbs.required("validity", isSequence, "Validity SEQUENCE"));
  const notBeforeElement = validity.required("notBefore");
  const notAfterElement = validity.required("notAfter");
  const subject = readName(tbs.required("subject", isSequence, "Name SEQUENCE"));
  tbs.required("subjectPublicKeyInfo", isSequence, "SubjectPublicKeyInfo SEQUENCE");
  tbs.optional("issuerUniqueID", (c) => isContextTag(c, issuerUniqueIdTag));
  tbs.optional("subjectUniqueID", (c) => isContextTag(c, subjectUniqueIdTag));
  const extensionsElement = tbs.optional("extensions", (c) => isContextTag(c, extensionsTag));

  const anomalies: string[] = [];
  const notBefore = readValidityTime(notBeforeElement, anomalies);
  const notAfter = readValidityTime(notAfterElement, anomalies);
  const extensions = extensionsElement && readExplicit(extensionsElement);
  const extensionValues = readCertificateExtensions(extensions, anomalies);

  return {
    der: element.der,
    thumbprintSha1: createHash("sha1").update(element.der).digest("hex"),
    serialNumber,
    issuer,
    subject,
    notBefore,
    notAfter,
    ...extensionValues,
    anomalies,
  };
}

function readValidityTime(element: DerElement, anomalies: string[]): string | null {
  try {
    return readTime(element);
  } catch (error) {
    if (!(error instanceof SignsweepError)) throw error;
    anomalies.push(X509Anomaly.CertificateTimeInvalid);
    return null;
  }
}
