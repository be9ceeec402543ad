/**
 * Malformed images built in code from a real signed PE32+: each case must
 * finish fast, never reject, keep the first good signature when there is one,
 * and name the problem in Anomalies or Error.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AuthenticodeAnomaly } from "../../src/authenticode/anomalies.js";
import { Anomaly } from "../../src/inspect/anomalies.js";
import { inspectFile } from "../../src/inspect/inspect-file.js";
import { maxCertificateEntryCount, maxSignedDataEntriesParsed } from "../../src/pe/limits.js";
import {
  certificateTableOf,
  concat,
  dataView,
  firstBCertificate,
  headerFieldOffsets,
  securityDirectoryOf,
  winCertificate,
  withCertificateTable,
  withSecurityDirectory,
} from "../support/pe-edit.js";
import { buildPeTestImages, type PeTestImages } from "../support/pe-test-images.js";

const maxMillisecondsPerFile = 1_000;

interface HostileCase {
  name: string;
  build: (signed: Uint8Array) => Uint8Array;
  signed: boolean;
  anomalies?: string[];
  error?: RegExp;
  signatureCount?: number;
}

let images: PeTestImages;
let signed: Uint8Array;
beforeAll(() => {
  images = buildPeTestImages();
  signed = new Uint8Array(readFileSync(images.signedPe32Plus));
});
afterAll(() => images.remove());

const cases: HostileCase[] = [
  {
    name: "table of zeros",
    build: (image) => withCertificateTable(image, new Uint8Array(certificateTableOf(image).length)),
    signed: false,
    anomalies: [Anomaly.CertificateEntryLengthInvalid],
  },
  {
    name: "dwLength 0xFFFFFFF8",
    build: (image) => {
      const table = certificateTableOf(image);
      dataView(table).setUint32(0, 0xfffffff8, true);
      return withCertificateTable(image, table);
    },
    signed: false,
    anomalies: [Anomaly.CertificateEntryPastTable],
  },
  {
    name: "dwLength below header size",
    build: (image) => {
      const table = certificateTableOf(image);
      dataView(table).setUint32(0, 7, true);
      return withCertificateTable(image, table);
    },
    signed: false,
    anomalies: [Anomaly.CertificateEntryLengthInvalid],
  },
  {
    name: "directory past end of file",
    build: (image) => withSecurityDirectory(image, image.length + 8, 0x1000),
    signed: false,
    anomalies: [Anomaly.CertificateTableOutsideFile],
  },
  {
    name: "directory Size past end of file",
    build: (image) => withSecurityDirectory(image, securityDirectoryOf(image).VirtualAddress, 0x7ffffff0),
    signed: true,
    anomalies: [Anomaly.CertificateTablePastEndOfFile],
  },
  {
    name: "directory with VirtualAddress 0",
    build: (image) => withSecurityDirectory(image, 0, securityDirectoryOf(image).Size),
    signed: false,
    anomalies: [Anomaly.SecurityDirectoryHalfEmpty],
  },
  {
    name: "directory inside the headers",
    build: (image) => withSecurityDirectory(image, 0x40, image.length - 0x40),
    signed: false,
    anomalies: [Anomaly.CertificateTableOverlapsHeaders],
  },
  {
    name: "NumberOfRvaAndSizes below 5",
    build: (image) => {
      const copy = image.slice();
      dataView(copy).setUint32(headerFieldOffsets(image).NumberOfRvaAndSizes, 4, true);
      return copy;
    },
    signed: false,
    anomalies: [Anomaly.SecurityDirectoryUnreachable],
  },
  {
    name: "SizeOfOptionalHeader before entry 4",
    build: (image) => {
      const copy = image.slice();
      const offsets = headerFieldOffsets(image);
      const entry4 = securityDirectoryOf(image).entryOffset - offsets.optionalHeader;
      dataView(copy).setUint16(offsets.SizeOfOptionalHeader, entry4, true);
      return copy;
    },
    signed: false,
    anomalies: [Anomaly.SecurityDirectoryUnreachable],
  },
  {
    name: "e_lfanew past end of file",
    build: (image) => {
      const copy = image.slice();
      dataView(copy).setUint32(headerFieldOffsets(image).e_lfanew, image.length + 0x100, true);
      return copy;
    },
    signed: false,
    error: /OutOfBounds: PE signature/,
  },
  {
    name: "e_lfanew 0xFFFFFFFF",
    build: (image) => {
      const copy = image.slice();
      dataView(copy).setUint32(headerFieldOffsets(image).e_lfanew, 0xffffffff, true);
      return copy;
    },
    signed: false,
    error: /OutOfBounds/,
  },
  {
    name: "truncated inside the headers",
    build: (image) => image.slice(0, headerFieldOffsets(image).optionalHeader + 0x20),
    signed: false,
    error: /OutOfBounds: IMAGE_OPTIONAL_HEADER/,
  },
  {
    name: "truncated inside the DOS header",
    build: (image) => image.slice(0, 0x30),
    signed: false,
    error: /OutOfBounds: IMAGE_DOS_HEADER.e_lfanew/,
  },
  {
    name: "junk after the first entry",
    build: (image) => {
      const junk = Uint8Array.from({ length: 24 }, (_, index) => 0xde - index);
      return withCertificateTable(image, concat(certificateTableOf(image), junk));
    },
    signed: true,
    anomalies: [Anomaly.CertificateEntryPastTable],
  },
  {
    name: "zero padding after the first entry",
    build: (image) => withCertificateTable(image, concat(certificateTableOf(image), new Uint8Array(16))),
    signed: true,
    anomalies: [Anomaly.CertificateEntryLengthInvalid],
  },
  {
    name: "payload appended inside an entry",
    build: (image) => {
      const payload = new TextEncoder().encode("https://example.test/hidden-config");
      const bCertificate = concat(firstBCertificate(certificateTableOf(image)), payload);
      return withCertificateTable(image, winCertificate(bCertificate));
    },
    signed: true,
    anomalies: [AuthenticodeAnomaly.DataAfterSignedData],
  },
  {
    name: "non-zero padding after an entry",
    build: (image) => {
      // One extra zero byte inside dwLength leaves 7 bytes of padding after it.
      const bCertificate = concat(firstBCertificate(certificateTableOf(image)), new Uint8Array(1));
      const table = winCertificate(bCertificate);
      const dwLength = dataView(table).getUint32(0, true);
      table[dwLength] = 0x5a;
      return withCertificateTable(image, table);
    },
    signed: true,
    anomalies: [Anomaly.CertificateEntryPaddingNotZero],
  },
  {
    name: "unknown wCertificateType before good entry",
    build: (image) =>
      withCertificateTable(image, concat(winCertificate(new Uint8Array(12).fill(0x41), 0x0200, 0x0009), certificateTableOf(image))),
    signed: true,
    anomalies: [Anomaly.UnsupportedCertificateType],
    signatureCount: 1,
  },
  {
    name: "unknown wRevision before good entry",
    build: (image) =>
      withCertificateTable(image, concat(winCertificate(new Uint8Array(8), 0x0300), certificateTableOf(image))),
    signed: true,
    anomalies: [Anomaly.UnknownCertificateRevision],
    signatureCount: 1,
  },
  {
    name: "X.509 entry before good entry",
    build: (image) =>
      withCertificateTable(image, concat(winCertificate(new Uint8Array(8), 0x0200, 0x0001), certificateTableOf(image))),
    signed: true,
    anomalies: [Anomaly.UnsupportedCertificateType],
    signatureCount: 1,
  },
  {
    name: "two good entries",
    build: (image) => withCertificateTable(image, concat(certificateTableOf(image), certificateTableOf(image))),
    signed: true,
    anomalies: [],
    signatureCount: 2,
  },
  {
    name: "entry count over the limit",
    build: (image) => {
      const tiny = winCertificate(new Uint8Array(0), 0x0200, 0x0001);
      const entries = Array.from({ length: maxCertificateEntryCount + 10 }, () => tiny);
      return withCertificateTable(image, concat(certificateTableOf(image), ...entries));
    },
    signed: true,
    anomalies: [Anomaly.TooManyCertificateEntries, Anomaly.UnsupportedCertificateType],
  },
  {
    name: "more signed entries than parsed",
    build: (image) => {
      const entries = Array.from({ length: maxSignedDataEntriesParsed + 2 }, () => certificateTableOf(image));
      return withCertificateTable(image, concat(...entries));
    },
    signed: true,
    anomalies: [Anomaly.TooManyCertificateEntries],
    signatureCount: maxSignedDataEntriesParsed,
  },
  {
    name: "entry that is not DER",
    build: (image) => withCertificateTable(image, winCertificate(new Uint8Array(40).fill(0xff))),
    signed: false,
    error: /^WIN_CERTIFICATE at table offset 0: \w+: /,
  },
  {
    name: "data after the table",
    build: (image) => concat(image, new Uint8Array(64).fill(0x33)),
    signed: true,
    anomalies: [Anomaly.DataAfterCertificateTable],
  },
  {
    name: "misaligned table",
    build: (image) => {
      const { VirtualAddress, Size } = securityDirectoryOf(image);
      const shifted = concat(image.subarray(0, VirtualAddress), new Uint8Array(4), image.subarray(VirtualAddress));
      return withSecurityDirectory(shifted, VirtualAddress + 4, Size);
    },
    signed: true,
    anomalies: [Anomaly.CertificateTableMisaligned],
  },
];

describe("inspectFile on hostile images", () => {
  test.each(cases)("$name", async (hostile) => {
    const path = join(images.folder, `hostile-${hostile.name.replace(/\W+/g, "-")}.exe`);
    writeFileSync(path, hostile.build(signed));

    const started = performance.now();
    const report = await inspectFile(path);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(maxMillisecondsPerFile);
    expect(report.SHA1).toMatch(/^[0-9a-f]{40}$/);
    expect(report.IsSigned).toBe(hostile.signed);
    for (const code of hostile.anomalies ?? []) expect(report.Anomalies).toContain(code);
    if (hostile.anomalies?.length === 0) expect(report.Anomalies).toEqual([]);
    if (hostile.error) expect(report.Error).toMatch(hostile.error);
    if (!hostile.anomalies?.length && !hostile.error && !hostile.signed) {
      throw new Error("a hostile case must name an anomaly or an error");
    }
    if (hostile.signed) {
      expect(report.Signatures[0]?.SignatureIndex).toBe(0);
      expect(report.Signatures[0]?.SignatureType).toBe("Embedded");
    }
    if (hostile.signatureCount !== undefined) {
      expect(report.Signatures.map((signature) => signature.SignatureIndex)).toEqual(
        Array.from({ length: hostile.signatureCount }, (_, index) => index),
      );
    }
  });
});
