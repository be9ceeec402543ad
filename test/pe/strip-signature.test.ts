import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PeFormatError } from "../../src/errors.js";
import { inspectFile } from "../../src/inspect/inspect-file.js";
import { parsePeHeaders } from "../../src/pe/headers.js";
import { IMAGE_DATA_DIRECTORY } from "../../src/pe/layout.js";
import { stripAuthenticodeSignature } from "../../src/pe/strip-signature.js";
import { concat, securityDirectoryOf } from "../support/pe-edit.js";
import { buildPeTestImages, nodeExePath, type PeTestImages } from "../support/pe-test-images.js";

function osslsigncodeVerify(path: string): { status: number | null; output: string } {
  const run = spawnSync("osslsigncode", ["verify", "-in", path], { encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

let images: PeTestImages;
beforeAll(() => {
  images = buildPeTestImages();
});
afterAll(() => images.remove());

describe("stripAuthenticodeSignature", () => {
  test("node.exe loses its signature", async () => {
    const original = new Uint8Array(readFileSync(nodeExePath()));
    const { VirtualAddress } = securityDirectoryOf(original);
    const stripped = stripAuthenticodeSignature(original);

    expect(stripped.length).toBe(VirtualAddress);
    expect(securityDirectoryOf(stripped)).toMatchObject({ VirtualAddress: 0, Size: 0 });
    // Everything but the directory entry is the original's bytes.
    const { entryOffset } = securityDirectoryOf(stripped);
    expect(Buffer.from(stripped.subarray(0, entryOffset)).equals(Buffer.from(original.subarray(0, entryOffset)))).toBe(true);
    const restStart = entryOffset + IMAGE_DATA_DIRECTORY.sizeInBytes;
    expect(
      Buffer.from(stripped.subarray(restStart)).equals(Buffer.from(original.subarray(restStart, VirtualAddress))),
    ).toBe(true);

    const path = join(images.folder, "node-unsigned.exe");
    writeFileSync(path, stripped);
    const verify = osslsigncodeVerify(path);
    expect(verify.status).not.toBe(0);
    expect(verify.output).toContain("No signature found");

    const report = await inspectFile(path);
    expect(report.IsSigned).toBe(false);
    expect(report.Anomalies).toEqual([]);
    expect(report.Error).toBeNull();
  });

  test("osslsigncode can sign the result again", () => {
    const stripped = stripAuthenticodeSignature(new Uint8Array(readFileSync(images.nestedPe32Plus)));
    const path = join(images.folder, "restripped.exe");
    writeFileSync(path, stripped);
    const resigned = join(images.folder, "resigned.exe");
    const sign = spawnSync("osslsigncode", [
      "sign", "-certs", join(images.folder, "cert.pem"), "-key", join(images.folder, "key.pem"),
      "-in", path, "-out", resigned,
    ], { encoding: "utf8" });
    expect(sign.status).toBe(0);
    // The original carried a nested signature too; only the new one remains.
    expect(osslsigncodeVerify(resigned).output).toContain("Number of verified signatures: 1\n");
  });

  test("unsigned image comes back unchanged", () => {
    const original = new Uint8Array(readFileSync(images.unsignedPe32));
    const stripped = stripAuthenticodeSignature(original);
    expect(stripped).not.toBe(original);
    expect(Buffer.from(stripped).equals(Buffer.from(original))).toBe(true);
  });

  test("data after the table is rejected", () => {
    const signed = new Uint8Array(readFileSync(images.signedPe32));
    const appended = concat(signed, new Uint8Array(16).fill(0x41));
    let caught: unknown;
    try {
      stripAuthenticodeSignature(appended);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PeFormatError);
    expect((caught as PeFormatError).code).toBe("CertificateTableNotAtEnd");
  });

  test("table past the end is rejected", () => {
    const signed = new Uint8Array(readFileSync(images.signedPe32));
    const truncated = signed.subarray(0, signed.length - 8);
    expect(() => stripAuthenticodeSignature(truncated)).toThrow(/OutOfBounds|IMAGE_DATA_DIRECTORY\[SECURITY\]/);
  });

  test("result keeps parseable headers", () => {
    const stripped = stripAuthenticodeSignature(new Uint8Array(readFileSync(images.signedPe32)));
    expect(parsePeHeaders(stripped, stripped.length).format).toBe("PE32");
  });
});
