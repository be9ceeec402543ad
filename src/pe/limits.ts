/**
 * Hard limits that keep the work per file bounded on hostile input. Real
 * Authenticode tables hold a few kilobytes to a few hundred kilobytes in one
 * or two entries; these limits leave a wide margin above that.
 */

/** Largest certificate table read; a larger table is read up to this size. */
export const maxCertificateTableSizeInBytes = 32 * 1024 * 1024;

/** Most WIN_CERTIFICATE entries read from one table. */
export const maxCertificateEntryCount = 64;

/**
 * Most PKCS_SIGNED_DATA entries handed to the signature parser per file.
 * Real files carry one, rarely two. Each parse of a hostile entry can cost
 * about half a second below the ASN.1 element limit, so this bounds the
 * time per file where the entry count alone would allow 64 such parses.
 */
export const maxSignedDataEntriesParsed = 8;
