/**
 * A deliberately small reader of the PE attribute certificate table, kept
 * apart from src/pe so it can check that code. It trusts its input, so use
 * it on committed fixtures only. Layout: PE format specification, "The
 * Attribute Certificate Table (Image Only)".
 */
import { readFileSync, writeFileSync } from "node:fs";

const e_lfanewOffset = 0x3c;
const optionalHeaderOffsetFromPeSignature = 24;
const optionalHeaderMagicPe32 = 0x10b;
const certificateTableEntryOffsetPe32 = 128;
const certificateTableEntryOffsetPe32Plus = 144;
const winCertificateHeaderSizeInBytes = 8;
const winCertificateAlignmentInBytes = 8;

interface CertificateTable {
  image: Buffer;
  /** File offset of the Certificate Table data directory entry. */
  directory: number;
  tableOffset: number;
  /** Each entry with its header and padding, in file order. */
  entries: Buffer[];
}

function readCertificateTable(path: string): CertificateTable {
  const image = readFileSync(path);
  const optionalHeader = image.readUInt32LE(e_lfanewOffset) + optionalHeaderOffsetFromPeSignature;
  const isPe32 = image.readUInt16LE(optionalHeader) === optionalHeaderMagicPe32;
  const directory =
    optionalHeader + (isPe32 ? certificateTableEntryOffsetPe32 : certificateTableEntryOffsetPe32Plus);
  const tableOffset = image.readUInt32LE(directory);
  const tableEnd = tableOffset + image.readUInt32LE(directory + 4);

  const entries: Buffer[] = [];
  let offset = tableOffset;
  while (offset + winCertificateHeaderSizeInBytes <= tableEnd) {
    const dwLength = image.readUInt32LE(offset);
    if (dwLength < winCertificateHeaderSizeInBytes) {
      throw new Error(`${path}: WIN_CERTIFICATE.dwLength ${dwLength} at offset ${offset} is below 8`);
    }
    const paddedLength =
      Math.ceil(dwLength / winCertificateAlignmentInBytes) * winCertificateAlignmentInBytes;
    entries.push(image.subarray(offset, offset + paddedLength));
    offset += paddedLength;
  }
  return { image, directory, tableOffset, entries };
}

/** Read the bCertificate bytes of every WIN_CERTIFICATE entry, in file order. */
export function certificateTableEntries(path: string): Buffer[] {
  return readCertificateTable(path).entries.map((entry) =>
    entry.subarray(winCertificateHeaderSizeInBytes, entry.readUInt32LE(0)),
  );
}

/**
 * Write a copy of a signed PE whose certificate table keeps only entry
 * `index`, so that tools which read one entry (osslsigncode) can read it.
 * The CheckSum field goes stale, which Authenticode ignores.
 */
export function writeWithOnlyEntry(path: string, index: number, outPath: string): string {
  const table = readCertificateTable(path);
  const entry = table.entries[index];
  if (!entry) throw new Error(`${path} has no certificate table entry ${index}`);
  const copy = Buffer.concat([table.image.subarray(0, table.tableOffset), entry]);
  copy.writeUInt32LE(entry.length, table.directory + 4);
  writeFileSync(outPath, copy);
  return outPath;
}
