/**
 * A cheap sniff for PE images: the MZ signature, then e_lfanew pointing at
 * "PE\0\0" inside `head`. It reads no further header, so a file that passes
 * can still fail to parse; a file that fails is not worth parsing.
 */
import { BoundsError } from "../errors.js";
import { ByteView } from "../pe/byte-view.js";
import { IMAGE_DOS_HEADER, IMAGE_DOS_SIGNATURE, IMAGE_NT_SIGNATURE } from "../pe/layout.js";

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
