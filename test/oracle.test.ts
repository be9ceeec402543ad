/**
 * inspectFile against independent readers: for every signed fixture and for
 * node.exe, the signer, issuer, serial and timestamp that signsweep reports
 * must be what `osslsigncode verify` and `openssl pkcs7 -print_certs` report
 * for the same file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inspectFile } from "../src/inspect/inspect-file.js";
import type { SignatureRecord } from "../src/model.js";
import { certificateTableEntries, writeWithOnlyEntry } from "./support/certificate-table-entries.js";
import { loadExpectedFixtures, nativeFixturePath, testRootCaPath } from "./support/native-fixtures.js";
import {
  derSerialFromPrintedHex,
  extractSignature,
  osslsigncodeVerify,
  signatureCertificates,
  simpleDisplayName,
} from "./support/openssl-oracle.js";
import { nodeExePath } from "./support/pe-test-images.js";

/** osslsigncode reads only single-entry tables; this file is checked entry by entry below. */
const twoEntriesFixture = "two-entries.exe";

const isDebianSigned = (name: string) => name.endsWith(".efi.signed");
const ownSignedFixtures = loadExpectedFixtures()
  .filter(([name, expected]) => expected.IsSigned && name !== twoEntriesFixture && !isDebianSigned(name))
  .map(([name]) => name);
const debianSignedFixtures = loadExpectedFixtures()
  .filter(([name]) => isDebianSigned(name))
  .map(([name]) => name);

/**
 * Compare signsweep's records with osslsigncode's reading of `oraclePath`
 * (the same signatures, as a file osslsigncode can read). `firstIndex` is
 * the SignatureIndex of the oracle's signature 0.
 */
function expectOracleAgreement(
  label: string,
  oraclePath: string,
  records: SignatureRecord[],
  firstIndex: number,
  trustedRootPath?: string,
): void {
  const verify = osslsigncodeVerify(oraclePath, trustedRootPath);
  expect(verify.signatures.length, `${label}: osslsigncode output\n${verify.output}`).toBeGreaterThan(0);
  expect(records, `${label}: signature count`).toHaveLength(verify.signatures.length);
  const certificates = signatureCertificates(extractSignature(oraclePath));

  verify.signatures.forEach((oracle, i) => {
    const got = records[i]!;
    const at = `${label} #${firstIndex + oracle.index}`;
    const serial = derSerialFromPrintedHex(oracle.signerSerial);
    const signers = certificates.filter((certificate) => certificate.serial === serial);
    expect(signers, `${at}: certificates with serial ${serial}`).toHaveLength(1);
    const signer = signers[0]!;
    const issuer = certificates.find((certificate) => certificate.subjectRfc2253 === signer.issuerRfc2253);

    expect.soft(got.SignatureIndex, `${at} SignatureIndex`).toBe(firstIndex + oracle.index);
    expect.soft(got.Signer, `${at} Signer`).toBe(simpleDisplayName(signer.subjectAttributes));
    expect.soft(got.SignerSubject, `${at} SignerSubject`).toBe(signer.subjectRfc2253);
    expect.soft(got.SignerHash, `${at} SignerHash`).toBe(signer.thumbprint);
    expect.soft(got.Issuer, `${at} Issuer`).toBe(simpleDisplayName(signer.issuerAttributes));
    expect.soft(got.IssuerHash, `${at} IssuerHash`).toBe(issuer?.thumbprint ?? null);
    expect.soft(got.CertificateSerialNumber, `${at} CertificateSerialNumber`).toBe(serial);
    expect.soft(got.DigestAlgorithm, `${at} DigestAlgorithm`).toBe(oracle.digestAlgorithm.toLowerCase());
    expect.soft(got.ProgramName, `${at} ProgramName`).toBe(oracle.programName);
    // osslsigncode prints genTime to the second, so drop signsweep's milliseconds.
    const countersignatureTime = got.CertificateCountersignatureTime?.replace(/\.\d+Z$/, ".000Z") ?? null;
    expect.soft(countersignatureTime, `${at} CertificateCountersignatureTime`).toBe(oracle.timestampTime);
  });
}

describe("signsweep agrees with osslsigncode and openssl", () => {
  const scratch = mkdtempSync(join(tmpdir(), "signsweep-oracle-test-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(ownSignedFixtures)("%s", async (name) => {
    const path = nativeFixturePath(name);
    const report = await inspectFile(path);
    expectOracleAgreement(name, path, report.Signatures, 0, testRootCaPath);
  });

  it.each(debianSignedFixtures)("%s", async (name) => {
    const path = nativeFixturePath(name);
    const report = await inspectFile(path);
    expectOracleAgreement(name, path, report.Signatures, 0);
  });

  it("node.exe", async () => {
    const path = nodeExePath();
    const report = await inspectFile(path);
    expectOracleAgreement("node.exe", path, report.Signatures, 0);
  });

  it("two-entries.exe, one entry at a time", async () => {
    const path = nativeFixturePath(twoEntriesFixture);

    // osslsigncode 2.9 rejects a table with more than one WIN_CERTIFICATE
    // entry, while signsweep must read both entries.
    const whole = osslsigncodeVerify(path, testRootCaPath);
    expect(whole.status).not.toBe(0);
    expect(whole.output).toContain("Corrupted attribute certificate table");
    expect(whole.signatures).toHaveLength(0);

    // So osslsigncode reads copies that keep one entry each.
    expect(certificateTableEntries(path)).toHaveLength(2);
    const report = await inspectFile(path);
    let firstIndex = 0;
    for (const entryIndex of [0, 1]) {
      const singleEntryPath = writeWithOnlyEntry(path, entryIndex, join(scratch, `entry-${entryIndex}.exe`));
      const count = osslsigncodeVerify(singleEntryPath, testRootCaPath).signatures.length;
      const records = report.Signatures.slice(firstIndex, firstIndex + count);
      const label = `${twoEntriesFixture} entry ${entryIndex}`;
      expectOracleAgreement(label, singleEntryPath, records, firstIndex, testRootCaPath);
      firstIndex += count;
    }
    expect(report.Signatures).toHaveLength(firstIndex);
  });
});
