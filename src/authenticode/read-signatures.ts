/**
 * Entry point of the Authenticode layer: from the bCertificate bytes of one
 * WIN_CERTIFICATE entry to every signature it contains.
 */
import type { SignatureRecord } from "../model.js";
import { CmsFormatError } from "../errors.js";

/** A signature as this layer sees it; the caller assigns index and type. */
export type ParsedSignature = Omit<SignatureRecord, "SignatureIndex" | "SignatureType">;

export interface AuthenticodeReadResult {
  signatures: ParsedSignature[];
  anomalies: string[];
}

/** Primary signature first, then nested ones depth-first. */
export function readAuthenticodeSignatures(bCertificate: Uint8Array): AuthenticodeReadResult {
  // TODO: the CMS and X.509 layers are still being written.
  throw new CmsFormatError(
    "CmsNotImplemented",
    `ContentInfo: ${bCertificate.length} bytes not parsed yet`,
  );
}
