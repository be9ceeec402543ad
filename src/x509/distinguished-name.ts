/**
 * A Name as one string in the form of RFC 4514 section 2: RDNs most specific
 * first and separated by `,` (`CN=Enter Srl,O=Enter Srl,C=IT`), the values of
 * a multi-valued RDN joined by `+`, section 2.4 escaping. This is what
 * `openssl x509 -nameopt RFC2253` prints for the same names. Attribute types
 * without a short name here appear as a dotted OID with the value's DER in
 * `#hex` form.
 */
import {
  id_at_businessCategory,
  id_at_commonName,
  id_at_countryName,
  id_at_givenName,
  id_at_localityName,
  id_at_organizationIdentifier,
  id_at_organizationName,
  id_at_organizationalUnitName,
  id_at_postalCode,
  id_at_serialNumber,
  id_at_stateOrProvinceName,
  id_at_streetAddress,
  id_at_surname,
  id_at_title,
  id_domainComponent,
  id_emailAddress,
  id_userId,
  jurisdictionCountryName,
  jurisdictionLocalityName,
  jurisdictionStateOrProvinceName,
} from "../oids.js";
import type { AttributeTypeAndValue, Name } from "./name.js";

/** RFC 4514 section 3 names first, then the names OpenSSL prints for the rest. */
const attributeTypeShortNames = new Map<string, string>([
  [id_at_commonName, "CN"],
  [id_at_localityName, "L"],
  [id_at_stateOrProvinceName, "ST"],
  [id_at_organizationName, "O"],
  [id_at_organizationalUnitName, "OU"],
  [id_at_countryName, "C"],
  [id_at_streetAddress, "STREET"],
  [id_domainComponent, "DC"],
  [id_userId, "UID"],
  [id_at_serialNumber, "serialNumber"],
  [id_at_surname, "SN"],
  [id_at_givenName, "GN"],
  [id_at_title, "title"],
  [id_at_businessCategory, "businessCategory"],
  [id_at_postalCode, "postalCode"],
  [id_at_organizationIdentifier, "organizationIdentifier"],
  [id_emailAddress, "emailAddress"],
  [jurisdictionLocalityName, "jurisdictionL"],
  [jurisdictionStateOrProvinceName, "jurisdictionST"],
  [jurisdictionCountryName, "jurisdictionC"],
]);

const rdnSeparator = ",";
const multiValuedRdnSeparator = "+";

export function formatDistinguishedName(name: Name): string {
  return [...name.rdnSequence]
    .reverse()
    .map((rdn) => rdn.map(formatAttribute).join(multiValuedRdnSeparator))
    .join(rdnSeparator);
}

function formatAttribute(attribute: AttributeTypeAndValue): string {
  const shortName = attributeTypeShortNames.get(attribute.type);
  if (shortName === undefined || attribute.value === undefined) {
    return `${attribute.type}=#${Buffer.from(attribute.valueDer).toString("hex")}`;
  }
  return `${shortName}=${escapeAttributeValue(attribute.value)}`;
}

/** Escaping of RFC 4514 section 2.4. */
export function escapeAttributeValue(value: string): string {
  let escaped = value.replace(/[\\"+,;<>]/g, (character) => `\\${character}`).replace(/\0/g, "\\00");
  if (value.startsWith("#") || value.startsWith(" ")) escaped = `\\${escaped}`;
  // A lone space was escaped as leading; spaces are never escaped otherwise.
  if (value.length > 1 && value.endsWith(" ")) escaped = `${escaped.slice(0, -1)}\\ `;
  return escaped;
}
