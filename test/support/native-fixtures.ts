/**
 * The committed fixtures in native-fixtures/ and the values that
 * scripts/make-fixtures.sh recorded for them in expected.json.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { SignatureRecord } from "../../src/model.js";

export const nativeFixturesDir = fileURLToPath(new URL("../../native-fixtures/", import.meta.url));

/** The TEST-ONLY root that every fixture signature chains to. */
export const testRootCaPath = nativeFixturePath("signsweep-test-root-ca.pem");

/** What expected.json records for one file. */
export interface ExpectedFile {
  IsSigned: boolean;
  /** SHA-1 of the file, or null when its bytes differ per fixture build. */
  SHA1: string | null;
  ReproducibleBytes: boolean;
  Signatures: SignatureRecord[];
}

export function nativeFixturePath(name: string): string {
  return `${nativeFixturesDir}${name}`;
}

/** expected.json as [file name, expected values] pairs, in file-name order. */
export function loadExpectedFixtures(): [string, ExpectedFile][] {
  const text = readFileSync(nativeFixturePath("expected.json"), "utf8");
  return Object.entries(JSON.parse(text) as Record<string, ExpectedFile>);
}

export function sha1OfFile(path: string): string {
  return createHash("sha1").update(readFileSync(path)).digest("hex");
}
