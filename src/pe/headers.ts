/**
 * The PE container: DOS header, PE signature, COFF file header and optional
 * header, as far as a signature reader needs them (Microsoft PE Format
 * specification). The input is the first bytes of the file, not the whole
 * file, so large images never have to be in memory.
 *
 * pe-library is not used here. Its header classes always assume 16 data
 * directories whatever the NumberOfRvaAndSizes value, need a copy into an
 * exact-size ArrayBuffer to stay inside the file, and raise RangeError rather
 * than a typed error. Reading the nine fields below through ByteView is
 * smaller than the guard it would need.
 */
import { PeFormatError } from "../errors.js";
import { ByteView } from "./byte-view.js";
import {
  IMAGE_DATA_DIRECTORY,
  IMAGE_DIRECTORY_ENTRY_SECURITY,
  IMAGE_DOS_HEADER,
  IMAGE_DOS_SIGNATURE,
  IMAGE_FILE_HEADER,
  IMAGE_NT_SIGNATURE,
  imageSectionHeaderSizeInBytes,
  optionalHeaderLayouts,
  optionalHeaderMagicOffset,
  type OptionalHeaderLayout,
  peSignatureSizeInBytes,
} from "./layout.js";

/** IMAGE_DATA_DIRECTORY of the Certificate Table, with where it sits in the headers. */
export interface SecurityDirectory {
  /** A file offset, not an RVA, for this directory only. */
  VirtualAddress: number;
  Size: number;
  /** File offset of this IMAGE_DATA_DIRECTORY entry itself. */
  entryOffset: number;
}

export interface PeHeaders {
  e_lfanew: number;
  Machine: number;
  NumberOfSections: number;
  SizeOfOptionalHeader: number;
  format: OptionalHeaderLayout["format"];
  NumberOfRvaAndSizes: number;
  /** File offset of the optional header's CheckSum field. */
  checkSumOffset: number;
  /** File offset just past the section table, where the headers end. */
  headersEndOffset: number;
  /** Null when NumberOfRvaAndSizes or SizeOfOptionalHeader stops before entry 4. */
  securityDirectory: SecurityDirectory | null;
}

/**
 * Parse the headers from `head`, the first bytes of a file of `fileSize`
 * bytes. Raises PeFormatError (NotPeImage, UnknownOptionalHeaderMagic,
 * PeHeadersBeyondHeadLimit) or BoundsError for a header cut short.
 */
export function parsePeHeaders(head: Uint8Array, fileSize: number): PeHeaders {
  const view = new ByteView(head);

  // MS-DOS stub: e_magic, then e_lfanew pointing at the PE signature.
  if (view.length < 2 || view.uint16("IMAGE_DOS_HEADER.e_magic", IMAGE_DOS_HEADER.e_magic) !== IMAGE_DOS_SIGNATURE) {
    throw new PeFormatError("NotPeImage", "IMAGE_DOS_HEADER.e_magic: not a PE image (no MZ signature)");
  }
  const e_lfanew = view.uint32("IMAGE_DOS_HEADER.e_lfanew", IMAGE_DOS_HEADER.e_lfanew);
  const fileHeaderOffset = e_lfanew + peSignatureSizeInBytes;
  const optionalHeaderOffset = fileHeaderOffset + IMAGE_FILE_HEADER.sizeInBytes;
  rejectHeadersBeyondHead(view, fileSize, optionalHeaderOffset);

  // PE signature and COFF file header.
  const signature = view.uint32("PE signature", e_lfanew);
  if (signature !== IMAGE_NT_SIGNATURE) {
    throw new PeFormatError(
      "NotPeImage",
      `PE signature at e_lfanew ${e_lfanew}: expected 0x${IMAGE_NT_SIGNATURE.toString(16)}, found 0x${signature.toString(16)}`,
    );
  }
  const readFileHeader = (name: keyof typeof IMAGE_FILE_HEADER) =>
    view.uint16(`IMAGE_FILE_HEADER.${name}`, fileHeaderOffset + IMAGE_FILE_HEADER[name]);
  const SizeOfOptionalHeader = readFileHeader("SizeOfOptionalHeader");
  const NumberOfSections = readFileHeader("NumberOfSections");

  // Optional header: its Magic chooses the PE32 or PE32+ offsets.
  const layout = optionalHeaderLayout(view, optionalHeaderOffset);
  rejectHeadersBeyondHead(view, fileSize, optionalHeaderOffset + layout.DataDirectory);
  const NumberOfRvaAndSizes = view.uint32(
    "IMAGE_OPTIONAL_HEADER.NumberOfRvaAndSizes",
    optionalHeaderOffset + layout.NumberOfRvaAndSizes,
  );

  return {
    e_lfanew,
    Machine: readFileHeader("Machine"),
    NumberOfSections,
    SizeOfOptionalHeader,
    format: layout.format,
    NumberOfRvaAndSizes,
    checkSumOffset: optionalHeaderOffset + layout.CheckSum,
    headersEndOffset:
      optionalHeaderOffset + SizeOfOptionalHeader + NumberOfSections * imageSectionHeaderSizeInBytes,
    securityDirectory: readSecurityDirectory(view, fileSize, optionalHeaderOffset, layout, {
      NumberOfRvaAndSizes,
      SizeOfOptionalHeader,
    }),
  };
}

function optionalHeaderLayout(view: ByteView, optionalHeaderOffset: number): OptionalHeaderLayout {
  const magic = view.uint16("IMAGE_OPTIONAL_HEADER.Magic", optionalHeaderOffset + optionalHeaderMagicOffset);
  const layout = optionalHeaderLayouts.find((candidate) => candidate.Magic === magic);
  if (!layout) {
    throw new PeFormatError(
      "UnknownOptionalHeaderMagic",
      `IMAGE_OPTIONAL_HEADER.Magic: expected 0x10b (PE32) or 0x20b (PE32+), found 0x${magic.toString(16)}`,
    );
  }
  return layout;
}

/**
 * Read data directory entry 4 only when both NumberOfRvaAndSizes and
 * SizeOfOptionalHeader reach it. The data directory array has
 * NumberOfRvaAndSizes entries inside an optional header of
 * SizeOfOptionalHeader bytes, so an entry past either bound is not there.
 */
function readSecurityDirectory(
  view: ByteView,
  fileSize: number,
  optionalHeaderOffset: number,
  layout: OptionalHeaderLayout,
  counts: { NumberOfRvaAndSizes: number; SizeOfOptionalHeader: number },
): SecurityDirectory | null {
  const entryStart = layout.DataDirectory + IMAGE_DIRECTORY_ENTRY_SECURITY * IMAGE_DATA_DIRECTORY.sizeInBytes;
  const entryEnd = entryStart + IMAGE_DATA_DIRECTORY.sizeInBytes;
  if (counts.NumberOfRvaAndSizes <= IMAGE_DIRECTORY_ENTRY_SECURITY || counts.SizeOfOptionalHeader < entryEnd) {
    return null;
  }

  const entryOffset = optionalHeaderOffset + entryStart;
  rejectHeadersBeyondHead(view, fileSize, entryOffset + IMAGE_DATA_DIRECTORY.sizeInBytes);
  return {
    VirtualAddress: view.uint32(
      "IMAGE_DATA_DIRECTORY[SECURITY].VirtualAddress",
      entryOffset + IMAGE_DATA_DIRECTORY.VirtualAddress,
    ),
    Size: view.uint32("IMAGE_DATA_DIRECTORY[SECURITY].Size", entryOffset + IMAGE_DATA_DIRECTORY.Size),
    entryOffset,
  };
}

/**
 * Tell "the headers lie beyond the bytes kept from the file's start" apart
 * from "the file ends inside its headers": the first is PeHeadersBeyondHeadLimit,
 * the second is left to ByteView's BoundsError.
 */
function rejectHeadersBeyondHead(view: ByteView, fileSize: number, endOffset: number): void {
  if (endOffset > view.length && view.length < fileSize && endOffset <= fileSize) {
    throw new PeFormatError(
      "PeHeadersBeyondHeadLimit",
      `PE headers end at offset ${endOffset}, past the first ${view.length} bytes read for them`,
    );
  }
}
