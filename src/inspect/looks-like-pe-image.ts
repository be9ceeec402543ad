/**
 * Cheap sniffs for PE images over the first bytes of a file. A sweep keeps a
 * row for every file that starts with the MZ signature, so that an image
 * whose e_lfanew is damaged is reported instead of dropped.
 */
import { BoundsError } from "../errors.js";
import { ByteView } from "../pe/byte-view.js";
import { IMAGE_DOS_HEADER, IMAGE_DOS_SIGNATURE, IMAGE_NT_SIGNATURE } from "../pe/layout.js";

/** Size of IMAGE_DOS_HEADER.e_magic, the bytes startsWithDosSignature needs. */
export const dosSignatureSizeInBytes = 2;

/** Return true when `head` starts with IMAGE_DOS_HEADER.e_magic "MZ". */
export function startsWithDosSignature(head: Uint8Array): boolean {
  if (head.length < dosSignatureSizeInBytes) return false;
  const e_magic = new ByteView(head).uint16("IMAGE_DOS_HEADER.e_magic", IMAGE_DOS_HEADER.e_magic);
  return e_magic === IMAGE_DOS_SIGNATURE;
}

/**
 * Return the bytes from the file's start that hold its NT headers: up to
 * e_lfanew plus `ntHeadersWindowInBytes`, within `fileSize`. Returns 0 when
 * `head` has no complete IMAGE_DOS_HEADER.
 */
export function headLengthForNtHeaders(head: Uint8Array, fileSize: number): number {
  if (!startsWithDosSignature(head) || head.length < IMAGE_DOS_HEADER.sizeInBytes) return 0;
  const e_lfanew = new ByteView(head).uint32("IMAGE_DOS_HEADER.e_lfanew", IMAGE_DOS_HEADER.e_lfanew);
  return Math.min(e_lfanew + ntHeadersWindowInBytes, fileSize);
}

/**
 * Bytes after e_lfanew kept for the headers: the PE signature, the
 * IMAGE_FILE_HEADER and a PE32+ optional header with 16 data directories
 * take 4 + 20 + 240 bytes, so one page leaves room.
 */
export const ntHeadersWindowInBytes = 4096;

/**
 * Return true when `head` has the MZ signature and e_lfanew points at
 * "PE\0\0" inside `head`. It reads no further header, so a file that passes
 * can still fail to parse.
 */
export function looksLikePeImage(head: Uint8Array): boolean {
  const view = new ByteView(head);
  try {
    if (view.uint16("IMAGE_DOS_HEADER.e_magic", IMAGE_DOS_HEADER.e_magic) !== IMAGE_DOS_SIGNATURE) {
      return false;
    }
    const e_lfanew = view.uint32("IMAGE_DOS_HEADER.e_lfanew", IMAGE_DOS_HEADER.e_lfanew);
    return view.uint32("PE signature", e_lfanew) === IMAGE_NT_SIGNATURE;
  } catch (error) {
    if (error instanceof BoundsError) return false;
    throw error;
  }
}
