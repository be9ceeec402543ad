/**
 * The element count taken before node-forge parses: it must agree with the
 * tree forge builds, and input over maxDerElementCount must be rejected
 * without forge building it.
 */
import forge from "node-forge";
import { describe, expect, it } from "vitest";
import { maxAsn1NestingDepth, parseDer } from "../../src/asn1/der-element.js";
import { countDerElements, maxDerElementCount } from "../../src/asn1/element-count.js";
import { readAuthenticodeSignatures } from "../../src/authenticode/read-signatures.js";
import { CmsFormatError } from "../../src/errors.js";
import { certificateTableEntries } from "../support/certificate-table-entries.js";
import { concat, nullValue, octetString, sequence, tlv } from "../support/der-builder.js";
import { loadExpectedFixtures, nativeFixturePath } from "../support/native-fixtures.js";

const nullSizeInBytes = 2;
const bmpStringIdentifier = 0x1e;
const unlimited = { maxElementCount: Number.MAX_SAFE_INTEGER, maxDepth: maxAsn1NestingDepth };

/** `count` NULLs in one buffer, so that millions stay cheap to build. */
function nulls(count: number): Uint8Array {
  const bytes = Buffer.alloc(count * nullSizeInBytes);
  for (let offset = 0; offset < bytes.length; offset += nullSizeInBytes) bytes[offset] = 0x05;
  return bytes;
}

const sequenceOfNulls = (count: number) => sequence(nulls(count));

/** Elements in the tree node-forge 1.4 builds, BMPString characters each counted once. */
function forgeElementCount(bytes: Uint8Array): number {
  const node = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString("latin1")), {
    strict: true,
    parseAllBytes: false,
    decodeBitStrings: false,
    maxDepth: maxAsn1NestingDepth,
  } as unknown as boolean);
  return countNodes(node);
}

function countNodes(node: forge.asn1.Asn1): number {
  if (Array.isArray(node.value)) return node.value.reduce((sum, child) => sum + countNodes(child), 1);
  if (node.type === forge.asn1.Type.BMPSTRING) return 1 + node.value.length;
  return 1;
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("countDerElements", () => {
  const signedFixtures = loadExpectedFixtures()
    .filter(([, expected]) => expected.IsSigned)
    .map(([name]) => name);

  it.each(signedFixtures)("agrees with forge on %s", (name) => {
    for (const bCertificate of certificateTableEntries(nativeFixturePath(name))) {
      expect(countDerElements(bCertificate, unlimited, "ContentInfo")).toBe(forgeElementCount(bCertificate));
    }
  });

  it.each([
    // forge reads the BMPString's length of 1 as 2 octets, so 0x00 is its second octet.
    { name: "NULL after an odd-length BMPString", input: Uint8Array.of(0x30, 0x06, 0x1e, 0x01, 0x41, 0x00, 0x05, 0x00) },
    { name: "indefinite-length SEQUENCE", input: concat(Uint8Array.of(0x30, 0x80), nullValue(), sequence(nullValue()), Uint8Array.of(0, 0)) },
    { name: "NULLs inside an OCTET STRING", input: sequence(octetString(concat(nullValue(), nullValue())), nullValue()) },
    { name: "four-octet length", input: concat(Uint8Array.of(0x30, 0x84, 0, 0, 0, 4), nullValue(), nullValue()) },
  ])("agrees with forge on $name", ({ input }) => {
    expect(countDerElements(input, unlimited, "Test")).toBe(forgeElementCount(input));
  });

  it("stops where forge rejects", () => {
    const secondNullTooLong = Uint8Array.of(0x30, 0x04, 0x05, 0x00, 0x05, 0x05);
    expect(countDerElements(secondNullTooLong, unlimited, "Test")).toBe(2);
  });
});

describe("parseDer element limit", () => {
  it("accepts exactly maxDerElementCount elements", () => {
    const { element } = parseDer(sequenceOfNulls(maxDerElementCount - 1), "Test");
    expect(element.children).toHaveLength(maxDerElementCount - 1);
  });

  it("rejects one element more", () => {
    const error = thrownBy(() => parseDer(sequenceOfNulls(maxDerElementCount), "Test"));
    expect(error).toBeInstanceOf(CmsFormatError);
    expect((error as CmsFormatError).code).toBe("Asn1TooManyElements");
    expect((error as CmsFormatError).message).toContain("Test:");
  });

  it("rejects an indefinite-length SEQUENCE of NULLs", () => {
    const input = concat(Uint8Array.of(0x30, 0x80), nulls(maxDerElementCount), Uint8Array.of(0, 0));
    expect((thrownBy(() => parseDer(input, "Test")) as CmsFormatError).code).toBe("Asn1TooManyElements");
  });

  it("counts each BMPString character", () => {
    const characters = new Uint8Array(maxDerElementCount * 2 + 2);
    const error = thrownBy(() => parseDer(tlv(bmpStringIdentifier, characters), "Test"));
    expect((error as CmsFormatError).code).toBe("Asn1TooManyElements");
  });

  // Without the limit this input made forge build 15.7 million objects in
  // about 4.6 GB; with it the walk stops after maxDerElementCount elements.
  it("rejects a 30 MiB ContentInfo of NULLs", () => {
    const error = thrownBy(() => readAuthenticodeSignatures(sequenceOfNulls(15_728_640)));
    expect(error).toBeInstanceOf(CmsFormatError);
    expect((error as CmsFormatError).code).toBe("Asn1TooManyElements");
    expect((error as CmsFormatError).message).toContain("ContentInfo:");
  });

  it("keeps the nesting limit", () => {
    let nested = nullValue();
    for (let level = 0; level < maxAsn1NestingDepth; level++) nested = sequence(nested);
    const error = thrownBy(() => parseDer(nested, "Test"));
    expect((error as CmsFormatError).code).toBe("Asn1Invalid");
    expect((error as CmsFormatError).message).toContain("depth");
  });
});
