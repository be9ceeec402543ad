/**
 * Malformed and hostile bCertificate bytes: each must end in a typed
 * SignsweepError or an anomaly code, quickly, and never in any other throw.
 */
import { describe, expect, it } from "vitest";
import {
  maxNestedSignatureDepth,
  maxSignaturesPerEntry,
  readAuthenticodeSignatures,
} from "../../src/authenticode/read-signatures.js";
import { CmsFormatError, SignsweepError } from "../../src/errors.js";
import {
  attribute,
  certificate,
  contentInfo,
  generateEcKey,
  issuerAndSerialNumber,
  name,
  oid,
  signedData,
  signerInfo,
} from "../support/authenticode-builder.js";
import { certificateTableEntries } from "../support/certificate-table-entries.js";
import {
  concat,
  contextPrimitive,
  integer,
  objectIdentifier,
  octetString,
  printableString,
  sequence,
  tlv,
  utf8String,
} from "../support/der-builder.js";
import { nativeFixturePath } from "../support/native-fixtures.js";

const key = generateEcKey();
const issuer = name([oid.commonName, printableString("Hostile Test CA")]);
const signerCertificate = certificate({
  serialHex: "0100",
  issuer,
  subject: name([oid.commonName, printableString("Hostile Signer")]),
  subjectKey: key,
  issuerKey: key,
});
const validSignerInfo = signerInfo({ sid: issuerAndSerialNumber(issuer, "0100") });

function signatureWith(unsignedAttrs?: Uint8Array[]): Uint8Array {
  const signer = signerInfo({ sid: issuerAndSerialNumber(issuer, "0100"), unsignedAttrs });
  return contentInfo(signedData({ certificates: [signerCertificate], signerInfos: [signer] }));
}

/** Build a ContentInfo whose signature nests `depth` levels of signatures below it. */
function nestedChain(depth: number): Uint8Array {
  let inner = signatureWith();
  for (let level = 0; level < depth; level++) inner = signatureWith([attribute(oid.nestedSignature, inner)]);
  return inner;
}

const rejected: { name: string; input: Uint8Array; code: string; path?: string }[] = [
  { name: "empty input", input: new Uint8Array(), code: "Asn1MissingElement" },
  { name: "length longer than the data", input: Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x06, 0x00), code: "Asn1Invalid" },
  { name: "eight length octets", input: Uint8Array.of(0x30, 0x88, 1, 2, 3, 4, 5, 6, 7, 8), code: "Asn1Invalid" },
  { name: "high-tag-number identifier", input: Uint8Array.of(0x3f, 0x81, 0x01, 0x00), code: "Asn1Invalid" },
  { name: "primitive instead of SEQUENCE", input: Uint8Array.of(0x04, 0x01, 0x00), code: "Asn1UnexpectedTag" },
  {
    name: "ContentInfo without content",
    input: sequence(objectIdentifier(oid.signedData)),
    code: "Asn1MissingElement",
    path: "ContentInfo.content",
  },
  {
    name: "ContentInfo of id-data",
    input: sequence(objectIdentifier("1.2.840.113549.1.7.1"), tlv(0xa0, sequence())),
    code: "Asn1InvalidValue",
  },
  {
    name: "SignedData without content",
    input: contentInfo(signedData({ eContent: null, certificates: [signerCertificate], signerInfos: [validSignerInfo] })),
    code: "Asn1MissingElement",
    path: "SignedData.encapContentInfo.eContent",
  },
  {
    name: "SignedData without SignerInfo",
    input: contentInfo(signedData({ certificates: [signerCertificate], signerInfos: [] })),
    code: "Asn1MissingElement",
    path: "SignedData.signerInfos",
  },
  {
    name: "sid of the wrong type",
    input: contentInfo(signedData({ signerInfos: [signerInfo({ sid: integer("01") })] })),
    code: "Asn1UnexpectedTag",
    path: "SignedData.signerInfos[0].sid",
  },
  {
    name: "SEQUENCE nested 100000 deep",
    input: concat(...Array.from({ length: 100_000 }, () => Uint8Array.of(0x30, 0x80))),
    code: "Asn1Invalid",
  },
];

describe("rejected input", () => {
  it.each(rejected)("$name", ({ input, code, path }) => {
    const started = performance.now();
    let thrown: unknown;
    try {
      readAuthenticodeSignatures(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CmsFormatError);
    expect((thrown as CmsFormatError).code).toBe(code);
    if (path) expect((thrown as CmsFormatError).message).toContain(`${path}:`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("anomalies", () => {
  it("notes non-zero bytes after the ContentInfo", () => {
    const { signatures, anomalies } = readAuthenticodeSignatures(concat(signatureWith(), Uint8Array.of(0, 0xde, 0xad)));
    expect(signatures).toHaveLength(1);
    expect(anomalies).toEqual(["DataAfterSignedData"]);
  });

  it("accepts zero padding silently", () => {
    const { anomalies } = readAuthenticodeSignatures(concat(signatureWith(), new Uint8Array(7)));
    expect(anomalies).toEqual([]);
  });

  it("keeps issuer and serial without signer certificate", () => {
    const signer = signerInfo({ sid: issuerAndSerialNumber(issuer, "0bad") });
    const input = contentInfo(signedData({ certificates: [signerCertificate], signerInfos: [signer] }));
    const { signatures, anomalies } = readAuthenticodeSignatures(input);
    expect(signatures[0]?.Signer).toBeNull();
    expect(signatures[0]?.Issuer).toBe("Hostile Test CA");
    expect(signatures[0]?.CertificateSerialNumber).toBe("0bad");
    expect(anomalies).toEqual(["SignerCertificateNotFound"]);
  });

  it("stops nesting at the depth limit", () => {
    const { signatures, anomalies } = readAuthenticodeSignatures(nestedChain(maxNestedSignatureDepth + 2));
    expect(signatures).toHaveLength(maxNestedSignatureDepth + 1);
    expect(anomalies).toEqual(["NestedSignatureTooDeep"]);
  });

  it("reads nesting up to the depth limit", () => {
    const { signatures, anomalies } = readAuthenticodeSignatures(nestedChain(maxNestedSignatureDepth));
    expect(signatures).toHaveLength(maxNestedSignatureDepth + 1);
    expect(anomalies).toEqual([]);
  });

  it("stops at the signature count limit", () => {
    const nested = Array.from({ length: maxSignaturesPerEntry + 5 }, () => signatureWith());
    const { signatures, anomalies } = readAuthenticodeSignatures(signatureWith([attribute(oid.nestedSignature, ...nested)]));
    expect(signatures).toHaveLength(maxSignaturesPerEntry);
    expect(anomalies).toEqual(["TooManySignatures"]);
  });

  it("returns the primary when a nested signature is broken", () => {
    const broken = contentInfo(signedData({ signerInfos: [] }));
    const { signatures, anomalies } = readAuthenticodeSignatures(
      signatureWith([attribute(oid.nestedSignature, broken, signatureWith())]),
    );
    expect(signatures.map((s) => s.Signer)).toEqual(["Hostile Signer", "Hostile Signer"]);
    expect(anomalies).toEqual(["NestedSignatureInvalid"]);
  });

  it("skips a malformed certificate beside the signer's", () => {
    const garbled = sequence(sequence(integer("01")), utf8String("not a certificate"));
    const input = contentInfo(signedData({ certificates: [garbled, signerCertificate], signerInfos: [validSignerInfo] }));
    const { signatures, anomalies } = readAuthenticodeSignatures(input);
    expect(signatures[0]?.Signer).toBe("Hostile Signer");
    expect(anomalies).toEqual(["EmbeddedCertificateInvalid"]);
  });

  it("reports a programName that is no SpcString", () => {
    const opusInfo = sequence(tlv(0xa0, contextPrimitive(5, Buffer.from("x"))));
    const signer = signerInfo({
      sid: issuerAndSerialNumber(issuer, "0100"),
      signedAttrs: [attribute(oid.spcSpOpusInfo, opusInfo)],
    });
    const input = contentInfo(signedData({ certificates: [signerCertificate], signerInfos: [signer] }));
    const { signatures, anomalies } = readAuthenticodeSignatures(input);
    expect(signatures[0]?.ProgramName).toBeNull();
    expect(anomalies).toEqual(["SpcSpOpusInfoInvalid"]);
  });
});

describe("large input", () => {
  it("parses 100000 attributes within a second", () => {
    const emptySequences = new Uint8Array(200_000).map((_, index) => (index % 2 === 0 ? 0x30 : 0));
    const manyValues = sequence(objectIdentifier("1.2.3.4"), tlv(0x31, emptySequences));
    const largeValue = attribute("1.2.3.5", octetString(new Uint8Array(16 * 1024 * 1024)));
    const signer = signerInfo({ sid: issuerAndSerialNumber(issuer, "0100"), unsignedAttrs: [manyValues, largeValue] });
    const input = contentInfo(signedData({ certificates: [signerCertificate], signerInfos: [signer] }));

    const started = performance.now();
    const { signatures } = readAuthenticodeSignatures(input);
    expect(signatures[0]?.Signer).toBe("Hostile Signer");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("damaged real signature", () => {
  const [entry] = certificateTableEntries(nativeFixturePath("enter-srl-ts.exe")) as [Buffer];
  const stepInBytes = 3;

  /** Run the reader; fail the test on any throw that is not a SignsweepError. */
  function readTyped(input: Uint8Array): number {
    const started = performance.now();
    try {
      readAuthenticodeSignatures(input);
    } catch (error) {
      if (!(error instanceof SignsweepError)) throw error;
    }
    return performance.now() - started;
  }

  it("survives every truncation", () => {
    const slowest = Math.max(
      ...Array.from({ length: Math.ceil(entry.length / stepInBytes) }, (_, i) =>
        readTyped(entry.subarray(0, i * stepInBytes)),
      ),
    );
    expect(slowest).toBeLessThan(250);
  });

  it("survives a flipped byte anywhere", () => {
    const durations: number[] = [];
    for (let offset = 0; offset < entry.length; offset += stepInBytes) {
      const damaged = Buffer.from(entry);
      damaged[offset] = damaged[offset]! ^ 0xff;
      durations.push(readTyped(damaged));
    }
    expect(Math.max(...durations)).toBeLessThan(250);
  });
});
