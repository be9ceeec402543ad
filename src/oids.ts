/**
 * Every object identifier signsweep reads, named after the specification that
 * defines it. Microsoft's names follow the szOID_ constants of wincrypt.h.
 */

// RFC 5652 (CMS) and PKCS#7 content types.
export const id_data = "1.2.840.113549.1.7.1";
export const id_signedData = "1.2.840.113549.1.7.2";

// PKCS#9 attributes (RFC 2985) used by CMS signers.
export const id_contentType = "1.2.840.113549.1.9.3";
export const id_messageDigest = "1.2.840.113549.1.9.4";
export const id_signingTime = "1.2.840.113549.1.9.5";
export const id_countersignature = "1.2.840.113549.1.9.6";
export const id_emailAddress = "1.2.840.113549.1.9.1";

// RFC 3161 time-stamp token content.
export const id_ct_TSTInfo = "1.2.840.113549.1.9.16.1.4";

// Authenticode (Windows Authenticode Portable Executable Signature Format).
export const SPC_INDIRECT_DATA_OBJID = "1.3.6.1.4.1.311.2.1.4";
export const SPC_SP_OPUS_INFO_OBJID = "1.3.6.1.4.1.311.2.1.12";
export const szOID_NESTED_SIGNATURE = "1.3.6.1.4.1.311.2.4.1";
export const szOID_RFC3161_counterSign = "1.3.6.1.4.1.311.3.3.1";
/** Certificate trust list: the content type of security catalogs (.cat). */
export const szOID_CTL = "1.3.6.1.4.1.311.10.1";

// Digest algorithms (RFC 1321, RFC 3279, RFC 5754).
export const id_md5 = "1.2.840.113549.2.5";
export const id_sha1 = "1.3.14.3.2.26";
export const id_sha256 = "2.16.840.1.101.3.4.2.1";
export const id_sha384 = "2.16.840.1.101.3.4.2.2";
export const id_sha512 = "2.16.840.1.101.3.4.2.3";

// X.509 certificate extensions (RFC 5280 section 4.2.1).
export const id_ce_subjectKeyIdentifier = "2.5.29.14";
export const id_ce_authorityKeyIdentifier = "2.5.29.35";
export const id_ce_cRLDistributionPoints = "2.5.29.31";

// X.520 naming attributes (RFC 4519, RFC 5280 appendix A).
export const id_at_commonName = "2.5.4.3";
export const id_at_surname = "2.5.4.4";
export const id_at_serialNumber = "2.5.4.5";
export const id_at_countryName = "2.5.4.6";
export const id_at_localityName = "2.5.4.7";
export const id_at_stateOrProvinceName = "2.5.4.8";
export const id_at_streetAddress = "2.5.4.9";
export const id_at_organizationName = "2.5.4.10";
export const id_at_organizationalUnitName = "2.5.4.11";
export const id_at_title = "2.5.4.12";
export const id_at_businessCategory = "2.5.4.15";
export const id_at_postalCode = "2.5.4.17";
export const id_at_givenName = "2.5.4.42";
export const id_at_organizationIdentifier = "2.5.4.97";
export const id_domainComponent = "0.9.2342.19200300.100.1.25";
export const id_userId = "0.9.2342.19200300.100.1.1";
/** EV certificate jurisdiction attributes (CA/Browser Forum EV Guidelines). */
export const jurisdictionLocalityName = "1.3.6.1.4.1.311.60.2.1.1";
export const jurisdictionStateOrProvinceName = "1.3.6.1.4.1.311.60.2.1.2";
export const jurisdictionCountryName = "1.3.6.1.4.1.311.60.2.1.3";
