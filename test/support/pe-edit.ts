/**
 * Build hostile PE images in code from a real one: rewrite header fields and
 * replace the certificate table. Field positions come from parsePeHeaders,
 * which the header tests check against objdump.
 */
import { parsePeHeaders } from "../../src/pe/headers.js";
import { IMAGE_DATA_DIRECTORY, IMAGE_DOS_HEADER, IMAGE_FILE_HEADER, peSignatureSizeInBytes } from "../../src/pe/layout.js";

export const winCertificateHeaderSizeInBytes = 8;
export const WIN_CERT_REVISION_2_0 = 0x0200;
export const WIN_CERT_TYPE_PKCS_SIGNED_DATA = 0x0002;

export function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Return the security directory entry of a signed image and its file offset. */
export function securityDirectoryOf(image: Uint8Array): { VirtualAddress: number; Size: number; entryOffset: number } {
  const directory = parsePeHeaders(image, image.length).securityDirectory;
  if (directory === null) throw new Error("image has no security directory entry");
  return directory;
}

/** Return a copy of the certificate table of a signed image. */
export function certificateTableOf(image: Uint8Array): Uint8Array {
  const { VirtualAddress, Size } = securityDirectoryOf(image);
  return image.slice(VirtualAddress, VirtualAddress + Size);
}

/** Set the security directory entry to `VirtualAddress` and `Size` in a copy. */
export function withSecurityDirectory(image: Uint8Array, VirtualAddress: number, Size: number): Uint8Array {
  const copy = image.slice();
  const { entryOffset } = securityDirectoryOf(image);
  dataView(copy).setUint32(entryOffset + IMAGE_DATA_DIRECTORY.VirtualAddress, VirtualAddress, true);
  dataView(copy).setUint32(entryOffset + IMAGE_DATA_DIRECTORY.Size, Size, true);
  return copy;
}

/** Replace the table at the end of a signed image with `table`, fixing the directory. */
export function withCertificateTable(image: Uint8Array, table: Uint8Array): Uint8Array {
  const { VirtualAddress } = securityDirectoryOf(image);
  const rebuilt = new Uint8Array(VirtualAddress + table.length);
  rebuilt.set(image.subarray(0, VirtualAddress));
  rebuilt.set(table, VirtualAddress);
  return withSecurityDirectory(rebuilt, VirtualAddress, table.length);
}

/** Build one WIN_CERTIFICATE entry, padded with zeros to 8 bytes. */
export function winCertificate(
  bCertificate: Uint8Array,
  wRevision = WIN_CERT_REVISION_2_0,
  wCertificateType = WIN_CERT_TYPE_PKCS_SIGNED_DATA,
): Uint8Array {
  const dwLength = winCertificateHeaderSizeInBytes + bCertificate.length;
  const entry = new Uint8Array(Math.ceil(dwLength / 8) * 8);
  const view = dataView(entry);
  view.setUint32(0, dwLength, true);
  view.setUint16(4, wRevision, true);
  view.setUint16(6, wCertificateType, true);
  entry.set(bCertificate, winCertificateHeaderSizeInBytes);
  return entry;
}

/** Return the bCertificate of a table's first entry, up to its dwLength. */
export function firstBCertificate(table: Uint8Array): Uint8Array {
  const dwLength = dataView(table).getUint32(0, true);
  return table.slice(winCertificateHeaderSizeInBytes, dwLength);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** File offsets of header fields, for tests that corrupt them. */
export function headerFieldOffsets(image: Uint8Array) {
  const headers = parsePeHeaders(image, image.length);
  const fileHeader = headers.e_lfanew + peSignatureSizeInBytes;
  const optionalHeader = fileHeader + IMAGE_FILE_HEADER.sizeInBytes;
  return {
    e_lfanew: IMAGE_DOS_HEADER.e_lfanew,
    SizeOfOptionalHeader: fileHeader + IMAGE_FILE_HEADER.SizeOfOptionalHeader,
    // NumberOfRvaAndSizes is the DWORD right before the data directory array.
    NumberOfRvaAndSizes: headers.securityDirectory!.entryOffset - 4 * IMAGE_DATA_DIRECTORY.sizeInBytes - 4,
    optionalHeader,
  };
}
