/** Names of the digest algorithms Authenticode uses, as DigestAlgorithm stores them. */
import { id_md5, id_sha1, id_sha256, id_sha384, id_sha512 } from "../oids.js";

const digestAlgorithmNames = new Map<string, string>([
  [id_md5, "md5"],
  [id_sha1, "sha1"],
  [id_sha256, "sha256"],
  [id_sha384, "sha384"],
  [id_sha512, "sha512"],
]);

/** Name the algorithm, or return its dotted OID when it has no name here. */
export function digestAlgorithmName(oid: string): string {
  return digestAlgorithmNames.get(oid) ?? oid;
}
