/**
 * inspectFile against the expected values that scripts/make-fixtures.sh
 * recorded while it built native-fixtures/, plus the real node.exe for Windows.
 */
import { readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { inspectFile } from "../src/inspect/inspect-file.js";
import type { FileReport, SignatureRecord } from "../src/model.js";
import {
  loadExpectedFixtures,
  nativeFixturePath,
  nativeFixturesDir,
  sha1OfFile,
} from "./support/native-fixtures.js";
import { extractSignature, timestampGenTimes } from "./support/openssl-oracle.js";
import { nodeExePath } from "./support/pe-test-images.js";

const expectedFixtures = loadExpectedFixtures();

describe("native fixtures", () => {
  it.each(expectedFixtures)("%s matches expected.json", async (name, expected) => {
    const path = nativeFixturePath(name);
    const report = await inspectFile(path);

    expect.soft(report.Error, `${name} Error`).toBeNull();
    expect.soft(report.IsSigned, `${name} IsSigned`).toBe(expected.IsSigned);
    // A null SHA1 marks bytes that differ per build, so hash the file here.
    const sha1 = expected.SHA1 ?? sha1OfFile(path);
    expect.soft(report.SHA1, `${name} SHA1`).toBe(sha1);
    expect(report.Signatures, `${name} Signatures.length`).toHaveLength(expected.Signatures.length);

    expected.Signatures.forEach((want, i) => {
      const got = report.Signatures[i]!;
      for (const field of Object.keys(want) as (keyof SignatureRecord)[]) {
        expect.soft(got[field], `${name} Signatures[${i}].${field}`).toEqual(want[field]);
      }
    });
  });

  it("README lists every fixture", () => {
    const readme = readFileSync(nativeFixturePath("README.md"), "utf8");
    const files = readdirSync(nativeFixturesDir).filter((file) => file !== "README.md");
    for (const file of files) {
      expect.soft(readme, file).toContain(`\`${file}\``);
    }
  });

  it("expected.json covers every PE fixture", () => {
    const described = new Set(expectedFixtures.map(([name]) => name));
    const peFiles = readdirSync(nativeFixturesDir).filter((file) => /\.(exe|efi\.signed)$/.test(file));
    expect(peFiles.length).toBeGreaterThan(0);
    for (const file of peFiles) {
      expect.soft(described.has(file), file).toBe(true);
    }
  });
});

describe("node.exe 22.23.3 for Windows", () => {
  let path: string;
  let report: FileReport;
  let primary: SignatureRecord;

  beforeAll(async () => {
    path = nodeExePath();
    report = await inspectFile(path);
    primary = report.Signatures[0]!;
  });

  it("has one signature", () => {
    expect(report.Error).toBeNull();
    expect(report.IsSigned).toBe(true);
    expect(report.Signatures).toHaveLength(1);
  });

  it("hashes the whole file", () => {
    expect(report.SHA1).toBe(sha1OfFile(path));
  });

  it("names the OpenJS Foundation as signer", () => {
    expect(primary.Signer).toBe("OpenJS Foundation");
  });

  it("names Microsoft's EOC CA as issuer", () => {
    expect(primary.Issuer).toBe("Microsoft ID Verified CS EOC CA 03");
  });

  it("keeps the timestamp's milliseconds", () => {
    // genTime read with openssl asn1parse; node.exe carries one RFC 3161 token.
    const genTimes = timestampGenTimes(extractSignature(path));
    expect(genTimes).toHaveLength(1);
    expect(genTimes[0]).not.toMatch(/\.000Z$/);
    expect(primary.CertificateCountersignatureTime).toBe(genTimes[0]);
  });

  it("reports a SHA-256 digest", () => {
    expect(primary.DigestAlgorithm).toBe("sha256");
  });

  it("reports the program name Node.js", () => {
    expect(primary.ProgramName).toBe("Node.js");
  });
});
