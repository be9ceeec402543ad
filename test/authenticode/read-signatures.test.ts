/**
 * readAuthenticodeSignatures over real signatures: the committed fixtures
 * against expected.json, and real-world files against what openssl and
 * osslsigncode print for them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readAuthenticodeSignatures, type ParsedSignature } from "../../src/authenticode/read-signatures.js";
import { certificateTableEntries } from "../support/certificate-table-entries.js";
import { loadExpectedFixtures, nativeFixturePath } from "../support/native-fixtures.js";
import {
  extractSignature,
  osslsigncodeVerify,
  signatureCertificates,
  simpleDisplayName,
  timestampGenTimes,
  type OpensslCertificate,
} from "../support/openssl-oracle.js";
import { debianSignedEfi, nodeExePath } from "../support/pe-test-images.js";

/** Read every signature of a file, entries in file order, with the anomalies of each entry. */
function readFileSignatures(path: string): { signatures: ParsedSignature[]; anomalies: string[] } {
  const signatures: ParsedSignature[] = [];
  const anomalies: string[] = [];
  for (const entry of certificateTableEntries(path)) {
    const result = readAuthenticodeSignatures(entry);
    signatures.push(...result.signatures);
    anomalies.push(...result.anomalies);
  }
  return { signatures, anomalies };
}

describe("native fixtures against expected.json", () => {
  const signedFixtures = loadExpectedFixtures().filter(([, expected]) => expected.IsSigned);

  it("covers the signed fixtures", () => {
    expect(signedFixtures.length).toBeGreaterThanOrEqual(10);
  });

  it.each(signedFixtures)("%s", (name, expected) => {
    const { signatures, anomalies } = readFileSignatures(nativeFixturePath(name));
    const want = expected.Signatures.map(({ SignatureIndex: _index, SignatureType: _type, ...columns }) => columns);
    expect(signatures).toEqual(want);
    expect(anomalies).toEqual([]);
  });
});

/** Find the certificate openssl printed with this thumbprint. */
function certificateByThumbprint(certificates: OpensslCertificate[], thumbprint: string | null): OpensslCertificate {
  const certificate = certificates.find((c) => c.thumbprint === thumbprint);
  if (!certificate) throw new Error(`openssl printed no certificate with thumbprint ${thumbprint}`);
  return certificate;
}

interface RealSample {
  name: string;
  reason: string;
  path: () => string;
  signer: string;
  issuer: string;
}

const realSamples: RealSample[] = [
  {
    name: "fbx64.efi.signed",
    reason: "Debian Secure Boot signature: no timestamp, issuer certificate not carried",
    path: () => debianSignedEfi,
    signer: "Debian Secure Boot Signer 2022 - shim",
    issuer: "Debian Secure Boot CA",
  },
  {
    name: "node.exe 22.23.3",
    reason: "Microsoft-issued signer, RFC 3161 token with an attribute certificate",
    path: nodeExePath,
    signer: "OpenJS Foundation",
    issuer: "Microsoft ID Verified CS EOC CA 03",
  },
  {
    name: "sha1-nested-sha256.exe",
    reason: "nested signature read by osslsigncode as index 1",
    path: () => nativeFixturePath("sha1-nested-sha256.exe"),
    signer: "Enter Srl",
    issuer: "Signsweep Test Code Signing CA",
  },
];

describe.each(realSamples)("$name against openssl and osslsigncode", (sample) => {
  let path: string;
  let entry: Buffer;
  /** The same SignedData without WIN_CERTIFICATE padding, which openssl asn1parse rejects. */
  let extracted: Buffer;
  let signatures: ParsedSignature[];
  let anomalies: string[];

  beforeAll(() => {
    path = sample.path();
    [entry] = certificateTableEntries(path) as [Buffer];
    extracted = extractSignature(path);
    ({ signatures, anomalies } = readAuthenticodeSignatures(entry));
  });

  it("names signer and issuer", () => {
    expect(signatures[0]?.Signer).toBe(sample.signer);
    expect(signatures[0]?.Issuer).toBe(sample.issuer);
    expect(anomalies).toEqual([]);
  });

  it("matches openssl's certificates", () => {
    const certificates = signatureCertificates(extracted);
    for (const signature of signatures) {
      const signer = certificateByThumbprint(certificates, signature.SignerHash);
      expect(signature.CertificateSerialNumber).toBe(signer.serial);
      expect(signature.SignerSubject).toBe(signer.subjectRfc2253);
      expect(signature.Signer).toBe(simpleDisplayName(signer.subjectAttributes));
      expect(signature.Issuer).toBe(simpleDisplayName(signer.issuerAttributes));
      if (signature.IssuerHash !== null) {
        const issuer = certificateByThumbprint(certificates, signature.IssuerHash);
        expect(issuer.subjectRfc2253).toBe(signer.issuerRfc2253);
      }
    }
  });

  it("matches osslsigncode verify", () => {
    const verified = osslsigncodeVerify(path).signatures;
    expect(signatures).toHaveLength(verified.length);
    verified.forEach((oracle, index) => {
      const signature = signatures[index]!;
      expect(signature.DigestAlgorithm).toBe(oracle.digestAlgorithm.toLowerCase());
      expect(signature.CertificateSerialNumber?.toUpperCase()).toContain(oracle.signerSerial.replace(/^-/, ""));
      expect(signature.ProgramName).toBe(oracle.programName);
      const toSecond = signature.CertificateCountersignatureTime?.replace(/\.\d{3}Z$/, ".000Z") ?? null;
      expect(toSecond).toBe(oracle.timestampTime);
    });
  });

  it("keeps genTime milliseconds as openssl asn1parse prints them", () => {
    const genTimes = timestampGenTimes(extracted);
    const times = signatures.map((s) => s.CertificateCountersignatureTime).filter((t) => t !== null);
    expect(times).toEqual(genTimes);
  });
});

describe("node.exe 22.23.3 signature", () => {
  it("reads the timestamp signer and program name", () => {
    const [entry] = certificateTableEntries(nodeExePath()) as [Buffer];
    const [primary] = readAuthenticodeSignatures(entry).signatures;
    expect(primary?.TimestampSigner).toBe("Microsoft Public RSA Time Stamping Authority");
    expect(primary?.CertificateCountersignatureTime).toBe("2026-09-23T10:24:44.997Z");
    expect(primary?.ProgramName).toBe("Node.js");
    expect(primary?.CrlDistributionPointUrls).toEqual([
      "http://www.microsoft.com/pkiops/crl/Microsoft%20ID%20Verified%20CS%20EOC%20CA%2003.crl",
    ]);
  });
});
