import { openSync, readSync, closeSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BoundsError, PeFormatError } from "../../src/errors.js";
import { parsePeHeaders } from "../../src/pe/headers.js";
import { IMAGE_NT_OPTIONAL_HDR32_MAGIC, IMAGE_NT_OPTIONAL_HDR64_MAGIC } from "../../src/pe/layout.js";
import { objdumpHeaderFacts } from "../support/objdump.js";
import { buildPeTestImages, debianSignedEfi, nodeExePath, type PeTestImages } from "../support/pe-test-images.js";

const headSizeInBytes = 64 * 1024;

function readHead(path: string): { head: Uint8Array; size: number } {
  const size = statSync(path).size;
  const head = new Uint8Array(Math.min(size, headSizeInBytes));
  const fd = openSync(path, "r");
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return { head, size };
}

let images: PeTestImages;
beforeAll(() => {
  images = buildPeTestImages();
});
afterAll(() => images.remove());

describe("parsePeHeaders on real images", () => {
  const cases: { name: string; reason: string; path: () => string; format: "PE32" | "PE32+" }[] = [
    { name: "unsigned PE32", reason: "i686 MinGW build", path: () => images.unsignedPe32, format: "PE32" },
    { name: "signed PE32", reason: "optional header at PE32 offsets", path: () => images.signedPe32, format: "PE32" },
    { name: "unsigned PE32+", reason: "x86_64 MinGW build", path: () => images.unsignedPe32Plus, format: "PE32+" },
    { name: "nested PE32+", reason: "two signatures, one entry", path: () => images.nestedPe32Plus, format: "PE32+" },
    { name: "Debian EFI", reason: "EFI application signed by Microsoft", path: () => debianSignedEfi, format: "PE32+" },
    { name: "node.exe", reason: "87 MB release build, table at the end", path: nodeExePath, format: "PE32+" },
  ];

  test.each(cases)("$name ($reason)", ({ path, format }) => {
    const file = path();
    const facts = objdumpHeaderFacts(file);
    const { head, size } = readHead(file);
    const headers = parsePeHeaders(head, size);

    expect(headers.format).toBe(format);
    const magic = format === "PE32" ? IMAGE_NT_OPTIONAL_HDR32_MAGIC : IMAGE_NT_OPTIONAL_HDR64_MAGIC;
    expect(facts.magic).toBe(magic);
    expect(headers.NumberOfRvaAndSizes).toBe(facts.numberOfRvaAndSizes);
    expect(headers.NumberOfSections).toBe(facts.numberOfSections);
    expect(headers.securityDirectory?.VirtualAddress).toBe(facts.securityDirectory.virtualAddress);
    expect(headers.securityDirectory?.Size).toBe(facts.securityDirectory.size);
  });
});

describe("parsePeHeaders on bad input", () => {
  test("text file is not a PE image", () => {
    const text = new TextEncoder().encode("just some text, not an executable\n");
    expect(() => parsePeHeaders(text, text.length)).toThrow(PeFormatError);
  });

  test("empty input is not a PE image", () => {
    expect(() => parsePeHeaders(new Uint8Array(0), 0)).toThrow(/NotPeImage|not a PE image/);
  });

  test("MZ alone raises BoundsError naming e_lfanew", () => {
    const mz = Uint8Array.of(0x4d, 0x5a, 0, 0);
    expect(() => parsePeHeaders(mz, mz.length)).toThrow(BoundsError);
    expect(() => parsePeHeaders(mz, mz.length)).toThrow(/e_lfanew/);
  });

  test("headers past the head limit are named", () => {
    const { head, size } = readHead(images.unsignedPe32Plus);
    const short = head.subarray(0, 0x60);
    let caught: unknown;
    try {
      parsePeHeaders(short, size);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PeFormatError);
    expect((caught as PeFormatError).code).toBe("PeHeadersBeyondHeadLimit");
  });

  test("unknown optional header Magic is rejected", () => {
    const { head, size } = readHead(images.unsignedPe32Plus);
    const copy = head.slice();
    const view = new DataView(copy.buffer);
    const e_lfanew = view.getUint32(0x3c, true);
    view.setUint16(e_lfanew + 24, 0x107, true);
    expect(() => parsePeHeaders(copy, size)).toThrow(/UnknownOptionalHeaderMagic|0x107/);
  });
});
