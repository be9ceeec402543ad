/**
 * Signatures built in code (test/support/authenticode-builder.ts) for the
 * encodings that real signing tools rarely or never produce.
 */
import { createHash, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readAuthenticodeSignatures } from "../../src/authenticode/read-signatures.js";
import {
  attribute,
  authorityKeyIdentifierExtension,
  certificate,
  contentInfo,
  crlDistributionPointsExtension,
  generateEcKey,
  issuerAndSerialNumber,
  name,
  oid,
  signedData,
  signerInfo,
  spcIndirectDataContent,
  spcSpOpusInfo,
  subjectKeyIdentifierExtension,
  subjectKeyIdentifierSid,
  tstInfo,
  type TestKey,
} from "../support/authenticode-builder.js";
import {
  bmpString,
  bmpStringContent,
  contextPrimitive,
  ia5String,
  objectIdentifier,
  octetString,
  printableString,
  t61String,
  universalString,
  utcTime,
  utf8String,
  generalizedTime,
} from "../support/der-builder.js";

const caKey = generateEcKey();
const caName = name([oid.countryName, printableString("IT")], [oid.commonName, printableString("Built Test CA")]);
const caKeyId = "ca01ca01ca01ca01ca01ca01ca01ca01ca01ca01";
const caCertificate = certificate({
  serialHex: "01",
  issuer: caName,
  subject: caName,
  subjectKey: caKey,
  issuerKey: caKey,
  extensions: [subjectKeyIdentifierExtension(caKeyId)],
});

const signerKey = generateEcKey();
const defaultSignerName = name(
  [oid.countryName, printableString("IT")],
  [oid.organizationName, printableString("Enter Srl")],
  [oid.commonName, printableString("Enter Srl")],
);
const signerKeyId = "5161516151615161516151615161516151615161";

interface SignerCertificateOptions {
  subject?: Uint8Array;
  serialHex?: string;
  key?: TestKey;
  notBefore?: Uint8Array;
  notAfter?: Uint8Array;
}

function signerCertificate(options: SignerCertificateOptions = {}): Uint8Array {
  return certificate({
    serialHex: options.serialHex ?? "00c0ffee01",
    issuer: caName,
    subject: options.subject ?? defaultSignerName,
    subjectKey: options.key ?? signerKey,
    issuerKey: caKey,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    extensions: [
      subjectKeyIdentifierExtension(signerKeyId),
      authorityKeyIdentifierExtension(caKeyId),
      crlDistributionPointsExtension("http://crl.example.test/a.crl", "http://crl.example.test/b.crl"),
    ],
  });
}

const thumbprint = (der: Uint8Array) => createHash("sha1").update(der).digest("hex");
const byIssuerAndSerial = (serialHex = "00c0ffee01") => issuerAndSerialNumber(caName, serialHex);

/** Wrap `signer` in a one-signer ContentInfo that carries `certificates`. */
function signature(signer: Uint8Array, certificates: Uint8Array[] = [signerCertificate(), caCertificate]) {
  return contentInfo(signedData({ certificates, signerInfos: [signer] }));
}

describe("subject names in every string type", () => {
  const cases = [
    { type: "UTF8String", value: utf8String("Società Ünïcode 😀"), want: "Società Ünïcode 😀" },
    { type: "BMPString", value: bmpString("Prüfung 中文"), want: "Prüfung 中文" },
    { type: "PrintableString", value: printableString("Enter Srl"), want: "Enter Srl" },
    { type: "T61String", value: t61String("Caf\u00e9 S.r.l."), want: "Café S.r.l." },
    { type: "IA5String", value: ia5String("ia5 name"), want: "ia5 name" },
    { type: "UniversalString", value: universalString("Ωmega 😀"), want: "Ωmega 😀" },
  ];

  it.each(cases)("$type", ({ value, want }) => {
    const subject = name([oid.countryName, printableString("IT")], [oid.commonName, value]);
    const signer = signerInfo({ sid: byIssuerAndSerial() });
    const { signatures, anomalies } = readAuthenticodeSignatures(
      signature(signer, [signerCertificate({ subject }), caCertificate]),
    );
    expect(signatures[0]?.Signer).toBe(want);
    expect(signatures[0]?.SignerSubject).toBe(`CN=${want},C=IT`);
    expect(anomalies).toEqual([]);
  });

  it("escapes RFC 4514 special characters", () => {
    const subject = name([oid.organizationName, utf8String("#1, \"Quoted\"+Co; ")], [oid.commonName, utf8String(" a<b>")]);
    const signer = signerInfo({ sid: byIssuerAndSerial() });
    const [read] = readAuthenticodeSignatures(signature(signer, [signerCertificate({ subject })])).signatures;
    expect(read?.SignerSubject).toBe('CN=\\ a\\<b\\>,O=\\#1\\, \\"Quoted\\"\\+Co\\;\\ ');
  });

  it("falls back to OU, then O, then emailAddress", () => {
    const subject = name(
      [oid.emailAddress, ia5String("signer@example.test")],
      [oid.organizationName, utf8String("Org Name")],
      [oid.organizationalUnitName, utf8String("Unit Name")],
    );
    const signer = signerInfo({ sid: byIssuerAndSerial() });
    const [read] = readAuthenticodeSignatures(signature(signer, [signerCertificate({ subject })])).signatures;
    expect(read?.Signer).toBe("Unit Name");
  });
});

describe("signer certificate columns", () => {
  it("reads the signer against Node's X509Certificate", () => {
    const certificateDer = signerCertificate();
    const signer = signerInfo({ sid: byIssuerAndSerial() });
    const { signatures, anomalies } = readAuthenticodeSignatures(signature(signer, [certificateDer, caCertificate]));
    const node = new X509Certificate(certificateDer);
    const [read] = signatures;

    expect(read?.SignerHash).toBe(node.fingerprint.replaceAll(":", "").toLowerCase());
    expect(read?.CertificateSerialNumber).toBe("00c0ffee01");
    expect(read?.Issuer).toBe("Built Test CA");
    expect(read?.IssuerHash).toBe(thumbprint(caCertificate));
    expect(read?.CertificateCreationTime).toBe(new Date(node.validFrom).toISOString());
    expect(read?.CertificateExpirationTime).toBe(new Date(node.validTo).toISOString());
    expect(read?.CrlDistributionPointUrls).toEqual(["http://crl.example.test/a.crl", "http://crl.example.test/b.crl"]);
    expect(anomalies).toEqual([]);
  });

  it("keeps a negative serial as stored", () => {
    const signer = signerInfo({ sid: byIssuerAndSerial("80ffee") });
    const [read] = readAuthenticodeSignatures(
      signature(signer, [signerCertificate({ serialHex: "80ffee" }), caCertificate]),
    ).signatures;
    expect(read?.CertificateSerialNumber).toBe("80ffee");
    expect(read?.Signer).toBe("Enter Srl");
  });

  it("accepts an EC prime256v1 signer that OpenSSL also reads", () => {
    const certificateDer = signerCertificate({ key: generateEcKey() });
    expect(new X509Certificate(certificateDer).publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    const { signatures, anomalies } = readAuthenticodeSignatures(
      signature(signerInfo({ sid: byIssuerAndSerial() }), [certificateDer]),
    );
    expect(signatures[0]?.SignerHash).toBe(thumbprint(certificateDer));
    expect(anomalies).toEqual([]);
  });

  it("finds the signer by subjectKeyIdentifier", () => {
    const decoy = signerCertificate({ serialHex: "0bad", subject: name([oid.commonName, utf8String("Decoy")]) });
    const signer = signerInfo({ sid: subjectKeyIdentifierSid(signerKeyId) });
    // The decoy shares the key id but comes second, so the first match must win.
    const [read] = readAuthenticodeSignatures(signature(signer, [caCertificate, signerCertificate(), decoy])).signatures;
    expect(read?.Signer).toBe("Enter Srl");
  });

  it("reads GeneralizedTime validity and rejects an impossible date", () => {
    const certificateDer = signerCertificate({
      notBefore: utcTime("241399000000Z"),
      notAfter: generalizedTime("20500101000000Z"),
    });
    const { signatures, anomalies } = readAuthenticodeSignatures(
      signature(signerInfo({ sid: byIssuerAndSerial() }), [certificateDer]),
    );
    expect(signatures[0]?.CertificateCreationTime).toBeNull();
    expect(signatures[0]?.CertificateExpirationTime).toBe("2050-01-01T00:00:00.000Z");
    expect(anomalies).toContain("CertificateTimeInvalid");
  });
});

describe("SignerInfo and content variants", () => {
  it("reads a SignerInfo without signedAttrs", () => {
    const { signatures, anomalies } = readAuthenticodeSignatures(signature(signerInfo({ sid: byIssuerAndSerial() })));
    expect(signatures[0]?.ProgramName).toBeNull();
    expect(signatures[0]?.DigestAlgorithm).toBe("sha256");
    expect(anomalies).toEqual([]);
  });

  it("reads the content from a CMS OCTET STRING", () => {
    const data = signedData({
      eContent: spcIndirectDataContent(oid.sha384),
      contentForm: "cms",
      certificates: [signerCertificate()],
      signerInfos: [signerInfo({ sid: byIssuerAndSerial() })],
    });
    expect(readAuthenticodeSignatures(contentInfo(data)).signatures[0]?.DigestAlgorithm).toBe("sha384");
  });

  it.each([
    { choice: "unicode", spcString: contextPrimitive(0, bmpStringContent("Prögram 名")), want: "Prögram 名" },
    { choice: "ascii", spcString: contextPrimitive(1, Buffer.from("Plain Tool")), want: "Plain Tool" },
  ])("reads the $choice programName", ({ spcString, want }) => {
    const signer = signerInfo({
      sid: byIssuerAndSerial(),
      signedAttrs: [attribute(oid.spcSpOpusInfo, spcSpOpusInfo(spcString))],
    });
    expect(readAuthenticodeSignatures(signature(signer)).signatures[0]?.ProgramName).toBe(want);
  });
});

describe("countersignatures", () => {
  const tsaKey = generateEcKey();
  const tsaName = name([oid.commonName, utf8String("Built Test TSA")]);
  const tsaCertificate = certificate({
    serialHex: "75a0",
    issuer: caName,
    subject: tsaName,
    subjectKey: tsaKey,
    issuerKey: caKey,
  });
  const signingTime = attribute(oid.signingTime, utcTime("250310120305Z"));

  it("never takes the signer's own signingTime", () => {
    const signer = signerInfo({ sid: byIssuerAndSerial(), signedAttrs: [signingTime] });
    const [read] = readAuthenticodeSignatures(signature(signer)).signatures;
    expect(read?.CertificateCountersignatureTime).toBeNull();
    expect(read?.TimestampSigner).toBeNull();
  });

  it("reads a PKCS#9 countersignature's signingTime", () => {
    const countersigner = signerInfo({
      sid: issuerAndSerialNumber(caName, "75a0"),
      signedAttrs: [attribute(oid.contentType, objectIdentifier(oid.spcIndirectData)), signingTime],
    });
    const signer = signerInfo({
      sid: byIssuerAndSerial(),
      unsignedAttrs: [attribute(oid.countersignature, countersigner)],
    });
    const [read] = readAuthenticodeSignatures(
      signature(signer, [signerCertificate(), caCertificate, tsaCertificate]),
    ).signatures;
    expect(read?.CertificateCountersignatureTime).toBe("2025-03-10T12:03:05.000Z");
    expect(read?.TimestampSigner).toBe("Built Test TSA");
  });

  it("truncates RFC 3161 genTime to milliseconds", () => {
    const token = contentInfo(
      signedData({
        eContentType: oid.tstInfo,
        eContent: tstInfo("20250310120305.12345Z"),
        contentForm: "cms",
        // A v2AttrCert choice, as Microsoft's tokens may carry, must be skipped quietly.
        certificates: [contextPrimitive(2, Buffer.from("attribute certificate")), tsaCertificate],
        signerInfos: [signerInfo({ sid: issuerAndSerialNumber(caName, "75a0") })],
      }),
    );
    const signer = signerInfo({
      sid: byIssuerAndSerial(),
      signedAttrs: [signingTime],
      unsignedAttrs: [attribute(oid.rfc3161CounterSign, token)],
    });
    const { signatures, anomalies } = readAuthenticodeSignatures(signature(signer));
    expect(signatures[0]?.CertificateCountersignatureTime).toBe("2025-03-10T12:03:05.123Z");
    expect(signatures[0]?.TimestampSigner).toBe("Built Test TSA");
    expect(anomalies).toEqual([]);
  });

  it("reports a malformed token and keeps the signature", () => {
    const signer = signerInfo({
      sid: byIssuerAndSerial(),
      unsignedAttrs: [attribute(oid.rfc3161CounterSign, octetString(Buffer.from("not a token")))],
    });
    const { signatures, anomalies } = readAuthenticodeSignatures(signature(signer));
    expect(signatures[0]?.Signer).toBe("Enter Srl");
    expect(signatures[0]?.CertificateCountersignatureTime).toBeNull();
    expect(anomalies).toEqual(["CountersignatureInvalid"]);
  });
});
