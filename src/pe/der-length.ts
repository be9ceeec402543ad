/**
 * Just enough DER (ITU-T X.690, 8.1.2 and 8.1.3) to find where the top-level
 * element of a WIN_CERTIFICATE entry ends, so the table layer can see bytes
 * hidden after it. The element's content is the CMS layer's business.
 */

/** Long-form length octets: 0x80 | count of the length bytes that follow. */
const longFormLengthFlag = 0x80;
/** Low-tag-number form only: a high tag number (0x1f) is never a SignedData. */
const highTagNumberMask = 0x1f;
/** Lengths above 4 bytes exceed any certificate table this reader accepts. */
const maxLengthOctets = 4;
const tagSizeInBytes = 1;
const lengthOctetSizeInBytes = 1;
/** Each length octet is one base-256 digit, most significant first. */
const octetRadix = 0x100;

/**
 * Total size (tag, length and content) of the DER element at the start of
 * `bytes`, or null when it is not a definite-length element that fits.
 */
export function measureTopLevelDerElement(bytes: Uint8Array): number | null {
  const tag = bytes[0];
  const firstLengthOctet = bytes[tagSizeInBytes];
  if (tag === undefined || firstLengthOctet === undefined) return null;
  if ((tag & highTagNumberMask) === highTagNumberMask) return null;

  let headerLength = tagSizeInBytes + lengthOctetSizeInBytes;
  let contentLength = firstLengthOctet;
  if (firstLengthOctet & longFormLengthFlag) {
    const lengthOctetCount = firstLengthOctet & ~longFormLengthFlag;
    // Zero is the indefinite form, which DER forbids.
    if (lengthOctetCount === 0 || lengthOctetCount > maxLengthOctets) return null;
    contentLength = 0;
    for (let index = 0; index < lengthOctetCount; index++) {
      const octet = bytes[headerLength + index];
      if (octet === undefined) return null;
      contentLength = contentLength * octetRadix + octet;
    }
    headerLength += lengthOctetCount;
  }

  const total = headerLength + contentLength;
  return total <= bytes.length ? total : null;
}
