import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Anomaly } from "../../src/inspect/anomalies.js";
import { inspectFile, looksLikePeImage } from "../../src/inspect/inspect-file.js";
import { certificateTableOf, securityDirectoryOf, withSecurityDirectory } from "../support/pe-edit.js";
import {
  buildPeTestImages,
  debianSignedEfi,
  testSignerCommonName,
  type PeTestImages,
} from "../support/pe-test-images.js";

function sha1sum(path: string): string {
  return execFileSync("sha1sum", [path], { encoding: "utf8" }).split(" ")[0]!;
}

let images: PeTestImages;
beforeAll(() => {
  images = buildPeTestImages();
});
afterAll(() => images.remove());

describe("inspectFile on real files", () => {
  // digests: the -h option given to osslsigncode for each signature, primary first.
  const cases = [
    { name: "signed PE32", path: () => images.signedPe32, signed: true, digests: ["sha256"] },
    { name: "signed PE32+", path: () => images.signedPe32Plus, signed: true, digests: ["sha256"] },
    { name: "nested PE32+", path: () => images.nestedPe32Plus, signed: true, digests: ["sha256", "sha1"] },
    { name: "Debian EFI", path: () => debianSignedEfi, signed: true, digests: null },
    { name: "unsigned PE32", path: () => images.unsignedPe32, signed: false, digests: [] },
    { name: "unsigned PE32+", path: () => images.unsignedPe32Plus, signed: false, digests: [] },
  ];

  test.each(cases)("$name", async ({ path, signed, digests }) => {
    const file = path();
    const report = await inspectFile(file);

    expect(report.FilePath).toBe(file);
    expect(report.SHA1).toBe(sha1sum(file));
    expect(report.FileSize).toBe(statSync(file).size);
    expect(report.IsPeImage).toBe(true);
    expect(report.IsSigned).toBe(signed);
    expect(report.Anomalies).toEqual([]);
    expect(report.Error).toBeNull();
    expect(report.Signatures.length > 0).toBe(signed);
    expect(report.Signatures[0]?.SignatureIndex).toBe(signed ? 0 : undefined);
    for (const signature of report.Signatures) expect(signature.SignatureType).toBe("Embedded");
    if (digests === null) return;

    expect(report.Signatures.map((signature) => signature.DigestAlgorithm)).toEqual(digests);
    expect(report.Signatures.map((signature) => signature.SignatureIndex)).toEqual(digests.map((_, index) => index));
    for (const signature of report.Signatures) expect(signature.Signer).toBe(testSignerCommonName);
  });

  test("small chunks give the same report", async () => {
    const whole = await inspectFile(images.nestedPe32Plus);
    const chunked = await inspectFile(images.nestedPe32Plus, { chunkSizeInBytes: 509, headLimitInBytes: 4096 });
    expect(chunked).toEqual(whole);
  });
});

describe("inspectFile on files that are not PE images", () => {
  test("text file", async () => {
    const path = join(images.folder, "readme.exe");
    writeFileSync(path, "This is a text file with an .exe name.\n");
    const report = await inspectFile(path);
    expect(report.IsPeImage).toBe(false);
    expect(report.IsSigned).toBe(false);
    expect(report.SHA1).toBe(sha1sum(path));
    expect(report.Error).toMatch(/^NotPeImage: /);
  });

  test("empty file", async () => {
    const path = join(images.folder, "empty.dll");
    writeFileSync(path, "");
    const report = await inspectFile(path);
    expect(report.FileSize).toBe(0);
    expect(report.SHA1).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(report.Error).toMatch(/^NotPeImage: /);
  });

  test("missing file", async () => {
    const report = await inspectFile(join(images.folder, "missing.exe"));
    expect(report.SHA1).toBeNull();
    expect(report.FileSize).toBeNull();
    expect(report.Error).toMatch(/^ENOENT: /);
  });

  test("directory", async () => {
    const path = join(images.folder, "folder.exe");
    mkdirSync(path);
    const report = await inspectFile(path);
    expect(report.SHA1).toBeNull();
    expect(report.Error).toMatch(/^NotRegularFile: .*a folder/);
  });
});

describe("looksLikePeImage", () => {
  test("accepts a PE head", () => {
    expect(looksLikePeImage(readFileSync(images.unsignedPe32).subarray(0, 4096))).toBe(true);
  });

  test("rejects MZ without PE signature", () => {
    const head = readFileSync(images.unsignedPe32).subarray(0, 4096);
    head.fill(0, 0x40, 0x200);
    expect(looksLikePeImage(head)).toBe(false);
  });

  test("rejects a head cut before e_lfanew", () => {
    expect(looksLikePeImage(readFileSync(images.unsignedPe32).subarray(0, 0x20))).toBe(false);
  });
});

describe("inspectFile over 2 GiB", () => {
  // A sparse file: the signed image's headers and sections, a hole made by
  // truncate, then the certificate table beyond offset 2^31.
  const tableOffset = 2 ** 31 + 4096;

  test("reads a table beyond 2 GiB", async () => {
    const signed = new Uint8Array(readFileSync(images.signedPe32Plus));
    const table = certificateTableOf(signed);
    const { VirtualAddress } = securityDirectoryOf(signed);
    const moved = withSecurityDirectory(signed.subarray(0, VirtualAddress), tableOffset, table.length);

    const path = join(images.folder, "sparse-large.exe");
    writeFileSync(path, moved);
    execFileSync("truncate", ["-s", String(tableOffset), path]);
    appendFileSync(path, table);

    // The expected SHA-1 comes from the parts in memory, not from reading the file back.
    const expected = createHash("sha1").update(moved);
    const zeros = new Uint8Array(1 << 20);
    for (let position = moved.length; position < tableOffset; position += zeros.length) {
      expected.update(zeros.subarray(0, Math.min(zeros.length, tableOffset - position)));
    }
    expected.update(table);

    const report = await inspectFile(path);
    expect(report.FileSize).toBe(tableOffset + table.length);
    expect(report.SHA1).toBe(expected.digest("hex"));
    expect(report.Error).toBeNull();
    expect(report.Anomalies).toEqual([]);
    expect(report.IsSigned).toBe(true);
  }, 120_000);
});

test("anomaly codes are their own names", () => {
  for (const [key, value] of Object.entries(Anomaly)) expect(value).toBe(key);
});
