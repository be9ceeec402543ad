// Append a second WIN_CERTIFICATE entry to a signed PE file's attribute
// certificate table, which no signing tool writes but Windows accepts.
//
//   node scripts/append-certificate-entry.mjs SIGNED.exe SIGNATURE.p7 OUT.exe
//
// SIGNATURE.p7 is a DER PKCS#7 SignedData (osslsigncode extract-signature).
// Layout from the PE format specification, "The Attribute Certificate Table
// (Image Only)": entries are 8-byte aligned, WIN_CERTIFICATE.dwLength counts
// its 8-byte header plus bCertificate, and the Certificate Table data
// directory (index 4) contains a file offset, not an RVA.
import { readFileSync, writeFileSync } from "node:fs";

const e_lfanewOffset = 0x3c;
const coffHeaderSizeInBytes = 20;
const peSignatureSizeInBytes = 4;
const optionalHeaderMagicPe32 = 0x10b;
const optionalHeaderMagicPe32Plus = 0x20b;
const checkSumOffsetInOptionalHeader = 64;
const dataDirectoriesOffsetPe32 = 96;
const dataDirectoriesOffsetPe32Plus = 112;
const numberOfRvaAndSizesOffsetPe32 = 92;
const numberOfRvaAndSizesOffsetPe32Plus = 108;
const dataDirectorySizeInBytes = 8;
const certificateTableDirectoryIndex = 4;
const winCertificateHeaderSizeInBytes = 8;
const winCertificateAlignmentInBytes = 8;
const WIN_CERT_REVISION_2_0 = 0x0200;
const WIN_CERT_TYPE_PKCS_SIGNED_DATA = 0x0002;

const [signedPath, signaturePath, outPath] = process.argv.slice(2);
if (!signedPath || !signaturePath || !outPath) {
  console.error("usage: append-certificate-entry.mjs SIGNED.exe SIGNATURE.p7 OUT.exe");
  process.exit(2);
}

const image = readFileSync(signedPath);
const signedData = readFileSync(signaturePath);
const headers = locateHeaders(image);
const tableOffset = image.readUInt32LE(headers.certificateTableEntry);
const tableSize = image.readUInt32LE(headers.certificateTableEntry + 4);

// The table must be the last thing in the file and already aligned, so the
// new entry can follow it directly.
if (tableOffset === 0 || tableOffset + tableSize !== image.length) {
  throw new Error(`${signedPath}: certificate table does not end the file`);
}
if (tableSize % winCertificateAlignmentInBytes !== 0) {
  throw new Error(`${signedPath}: certificate table size ${tableSize} is not 8-byte aligned`);
}

const entry = buildEntry(signedData);
const output = Buffer.concat([image, entry]);
output.writeUInt32LE(tableSize + entry.length, headers.certificateTableEntry + 4);
output.writeUInt32LE(peCheckSum(output, headers.checkSum), headers.checkSum);
writeFileSync(outPath, output);

/** File offsets of the optional header's CheckSum and Certificate Table entry. */
function locateHeaders(buffer) {
  const peOffset = buffer.readUInt32LE(e_lfanewOffset);
  const optionalHeader = peOffset + peSignatureSizeInBytes + coffHeaderSizeInBytes;
  const magic = buffer.readUInt16LE(optionalHeader);
  let directories;
  let countOffset;
  if (magic === optionalHeaderMagicPe32) {
    directories = dataDirectoriesOffsetPe32;
    countOffset = numberOfRvaAndSizesOffsetPe32;
  } else if (magic === optionalHeaderMagicPe32Plus) {
    directories = dataDirectoriesOffsetPe32Plus;
    countOffset = numberOfRvaAndSizesOffsetPe32Plus;
  } else {
    throw new Error(`unknown optional header magic 0x${magic.toString(16)}`);
  }
  if (buffer.readUInt32LE(optionalHeader + countOffset) <= certificateTableDirectoryIndex) {
    throw new Error("NumberOfRvaAndSizes leaves out the Certificate Table directory");
  }
  return {
    checkSum: optionalHeader + checkSumOffsetInOptionalHeader,
    certificateTableEntry:
      optionalHeader + directories + certificateTableDirectoryIndex * dataDirectorySizeInBytes,
  };
}

/** WIN_CERTIFICATE { dwLength, wRevision, wCertificateType, bCertificate }, zero-padded. */
function buildEntry(certificate) {
  const dwLength = winCertificateHeaderSizeInBytes + certificate.length;
  const paddedLength =
    Math.ceil(dwLength / winCertificateAlignmentInBytes) * winCertificateAlignmentInBytes;
  const entry = Buffer.alloc(paddedLength);
  entry.writeUInt32LE(dwLength, 0);
  entry.writeUInt16LE(WIN_CERT_REVISION_2_0, 4);
  entry.writeUInt16LE(WIN_CERT_TYPE_PKCS_SIGNED_DATA, 6);
  certificate.copy(entry, winCertificateHeaderSizeInBytes);
  return entry;
}

/**
 * Image checksum as IMAGEHLP's CheckSumMappedFile computes it: a 16-bit
 * one's-complement style sum of the file with CheckSum read as zero, plus
 * the file length. Authenticode excludes this field, so it only keeps the
 * file self-consistent.
 */
function peCheckSum(buffer, checkSumOffset) {
  let sum = 0;
  for (let offset = 0; offset < buffer.length; offset += 2) {
    let word = offset + 1 < buffer.length ? buffer.readUInt16LE(offset) : buffer[offset];
    if (offset === checkSumOffset || offset === checkSumOffset + 2) word = 0;
    sum += word;
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  return (sum + buffer.length) >>> 0;
}
