/**
 * Offsets and magic values of the PE/COFF headers, from the Microsoft PE
 * Format specification ("MS-DOS Stub", "Signature", "COFF File Header",
 * "Optional Header"). Every offset into the headers comes from this file.
 */

/** IMAGE_DOS_HEADER: only the two fields a PE reader needs. */
export const IMAGE_DOS_HEADER = {
  e_magic: 0x00,
  e_lfanew: 0x3c,
  sizeInBytes: 64,
} as const;

/** "MZ", little-endian. */
export const IMAGE_DOS_SIGNATURE = 0x5a4d;

/** "PE\0\0" at e_lfanew, little-endian. */
export const IMAGE_NT_SIGNATURE = 0x00004550;
export const peSignatureSizeInBytes = 4;

/** IMAGE_FILE_HEADER (the COFF file header), right after the PE signature. */
export const IMAGE_FILE_HEADER = {
  Machine: 0,
  NumberOfSections: 2,
  TimeDateStamp: 4,
  PointerToSymbolTable: 8,
  NumberOfSymbols: 12,
  SizeOfOptionalHeader: 16,
  Characteristics: 18,
  sizeInBytes: 20,
} as const;

/** Optional header Magic values. */
export const IMAGE_NT_OPTIONAL_HDR32_MAGIC = 0x10b;
export const IMAGE_NT_OPTIONAL_HDR64_MAGIC = 0x20b;

export type OptionalHeaderFormat = "PE32" | "PE32+";

/** Offsets inside the optional header that differ between PE32 and PE32+. */
export interface OptionalHeaderLayout {
  readonly format: OptionalHeaderFormat;
  readonly Magic: number;
  readonly CheckSum: number;
  readonly NumberOfRvaAndSizes: number;
  /** Start of the IMAGE_DATA_DIRECTORY array. */
  readonly DataDirectory: number;
}

export const optionalHeaderLayouts: readonly OptionalHeaderLayout[] = [
  {
    format: "PE32",
    Magic: IMAGE_NT_OPTIONAL_HDR32_MAGIC,
    CheckSum: 64,
    NumberOfRvaAndSizes: 92,
    DataDirectory: 96,
  },
  {
    format: "PE32+",
    Magic: IMAGE_NT_OPTIONAL_HDR64_MAGIC,
    CheckSum: 64,
    NumberOfRvaAndSizes: 108,
    DataDirectory: 112,
  },
];

/** Offset of the optional header's Magic field, common to both formats. */
export const optionalHeaderMagicOffset = 0;

/** IMAGE_DATA_DIRECTORY: one entry of the optional header's directory array. */
export const IMAGE_DATA_DIRECTORY = {
  VirtualAddress: 0,
  Size: 4,
  sizeInBytes: 8,
} as const;

/**
 * Index of the Certificate Table in the data directory array. Unlike the other
 * directories, its VirtualAddress is a file offset, not an RVA, because the
 * table is not loaded into memory.
 */
export const IMAGE_DIRECTORY_ENTRY_SECURITY = 4;

/** IMAGE_SECTION_HEADER size; the section table follows the optional header. */
export const imageSectionHeaderSizeInBytes = 40;
