/** The extension values a Certificate record carries, each read tolerantly. */
import type { DerElement } from "../asn1/der-element.js";
import { SignsweepError } from "../errors.js";
import {
  id_ce_authorityKeyIdentifier,
  id_ce_cRLDistributionPoints,
  id_ce_subjectKeyIdentifier,
} from "../oids.js";
import { X509Anomaly } from "./anomalies.js";
import {
  readAuthorityKeyIdentifier,
  readCrlDistributionPointUrls,
  readExtensions,
  readSubjectKeyIdentifier,
  type Extension,
} from "./extensions.js";

export interface CertificateExtensionValues {
  /** Lowercase hex of the subjectKeyIdentifier extension, or null. */
  subjectKeyIdentifier: string | null;
  /** Lowercase hex of authorityKeyIdentifier.keyIdentifier, or null. */
  authorityKeyIdentifier: string | null;
  /** URLs from the cRLDistributionPoints extension's fullName entries. */
  crlDistributionPointUrls: string[];
}

/** Read the values from `Extensions`; a malformed extension adds an anomaly and is skipped. */
export function readCertificateExtensions(
  element: DerElement | undefined,
  anomalies: string[],
): CertificateExtensionValues {
  const values: CertificateExtensionValues = {
    subjectKeyIdentifier: null,
    authorityKeyIdentifier: null,
    crlDistributionPointUrls: [],
  };
  if (element === undefined) return values;

  const extensions = tolerate(() => readExtensions(element), anomalies) ?? [];
  const find = (extnID: string): Extension | undefined => extensions.find((e) => e.extnID === extnID);

  const ski = find(id_ce_subjectKeyIdentifier);
  if (ski) values.subjectKeyIdentifier = tolerate(() => readSubjectKeyIdentifier(ski), anomalies) ?? null;
  const aki = find(id_ce_authorityKeyIdentifier);
  if (aki) values.authorityKeyIdentifier = tolerate(() => readAuthorityKeyIdentifier(aki), anomalies) ?? null;
  const crl = find(id_ce_cRLDistributionPoints);
  if (crl) values.crlDistributionPointUrls = tolerate(() => readCrlDistributionPointUrls(crl), anomalies) ?? [];
  return values;
}

function tolerate<T>(read: () => T, anomalies: string[]): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof SignsweepError)) throw error;
    anomalies.push(X509Anomaly.CertificateExtensionInvalid);
    return undefined;
  }
}
