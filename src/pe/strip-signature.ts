/**
 * Remove the Authenticode signature from a PE image, as a signing tool does
 * before it re-signs: zero the security directory entry and cut the
 * certificate table off the end of the file. Packaging needs this because
 * injecting data into a signed executable breaks its signature anyway.
 */
import { PeFormatError } from "../errors.js";
import { checkRange } from "./byte-view.js";
import { parsePeHeaders } from "./headers.js";
import { IMAGE_DATA_DIRECTORY } from "./layout.js";

/**
 * Return a copy of `image` without its certificate table. An image with no
 * signature comes back as an unchanged copy. Raises PeFormatError with code
 * CertificateTableNotAtEnd when bytes follow the table, since cutting them
 * off would lose data and leaving the table would leave a stale signature.
 *
 * NOTE: the optional header's CheckSum is left as it was. The loader checks
 * it only for drivers, DLLs loaded at boot time and DLLs loaded into
 * critical Windows processes (PE Format, "Optional Header Windows-Specific
 * Fields"), never for an executable such as node.exe.
 */
export function stripAuthenticodeSignature(image: Uint8Array): Uint8Array {
  const headers = parsePeHeaders(image, image.length);
  const directory = headers.securityDirectory;
  if (directory === null || (directory.VirtualAddress === 0 && directory.Size === 0)) {
    return image.slice();
  }

  const { VirtualAddress, Size, entryOffset } = directory;
  checkRange("IMAGE_DATA_DIRECTORY[SECURITY]", VirtualAddress, Size, image.length);
  if (VirtualAddress < headers.headersEndOffset) {
    throw new PeFormatError(
      "CertificateTableOverlapsHeaders",
      `certificate table at offset ${VirtualAddress} starts inside the headers, which end at ${headers.headersEndOffset}`,
    );
  }
  const tableEnd = VirtualAddress + Size;
  if (tableEnd !== image.length) {
    throw new PeFormatError(
      "CertificateTableNotAtEnd",
      `certificate table ends at offset ${tableEnd} but the file has ${image.length} bytes; ` +
        "remove the trailing data before stripping the signature",
    );
  }

  const stripped = image.slice(0, VirtualAddress);
  stripped.fill(0, entryOffset, entryOffset + IMAGE_DATA_DIRECTORY.sizeInBytes);
  return stripped;
}
