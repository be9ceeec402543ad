// Turn the facts that scripts/make-fixtures.sh recorded while it built the
// fixtures into native-fixtures/expected.json, keyed by file name, with the
// column names of src/model.ts.
//
//   node scripts/write-fixture-expected.mjs FACTS.tsv OUT.json
//
// Fact lines are tab-separated:
//   cert ID ISSUER_REF SERIAL NOT_BEFORE NOT_AFTER SUBJECT THUMBPRINT CRL_URLS
//   sig  FILE CERT_ID DIGEST PROGRAM_NAME TSA_TIME
//   file NAME SHA1 REPRODUCIBLE
// SUBJECT is in openssl's /TYPE=value form; ISSUER_REF is a cert ID, or
// "subject:/CN=..." when the signature does not carry the issuer certificate.
// "-" is an empty value.
import { readFileSync, writeFileSync } from "node:fs";

/** The certificate whose key the test TSA signs RFC 3161 tokens with. */
const timestampingCertificateId = "tsa";

/** Attribute types in the order Windows picks a simple display name. */
const simpleNameAttributeTypes = ["CN", "OU", "O", "emailAddress"];

const [factsPath, outPath] = process.argv.slice(2);
if (!factsPath || !outPath) {
  console.error("usage: write-fixture-expected.mjs FACTS.tsv OUT.json");
  process.exit(2);
}

const certificates = new Map();
const signaturesByFile = new Map();
const files = [];
for (const line of readFileSync(factsPath, "utf8").split("\n")) {
  if (line === "") continue;
  const [kind, ...fields] = line.split("\t").map((field) => (field === "-" ? null : field));
  if (kind === "cert") {
    const [id, issuerRef, serial, notBefore, notAfter, subject, thumbprint, crlUrls] = fields;
    certificates.set(id, { issuerRef, serial, notBefore, notAfter, subject, thumbprint, crlUrls });
  } else if (kind === "sig") {
    const [file, certificateId, digest, programName, tsaTime] = fields;
    const list = signaturesByFile.get(file) ?? [];
    list.push({ certificateId, digest, programName, tsaTime });
    signaturesByFile.set(file, list);
  } else if (kind === "file") {
    const [name, sha1, reproducible] = fields;
    files.push({ name, sha1, reproducible: reproducible === "1" });
  } else {
    throw new Error(`unknown fact kind ${JSON.stringify(kind)} in ${factsPath}`);
  }
}

const expected = {};
for (const file of files.sort((a, b) => a.name.localeCompare(b.name))) {
  const signatures = (signaturesByFile.get(file.name) ?? []).map(describeSignature);
  expected[file.name] = {
    IsSigned: signatures.length > 0,
    // null: the bytes differ per run, so the test hashes the file itself.
    SHA1: file.reproducible ? file.sha1 : null,
    ReproducibleBytes: file.reproducible,
    Signatures: signatures,
  };
}
writeFileSync(outPath, `${JSON.stringify(expected, null, 2)}\n`);

function describeSignature(signature, index) {
  const signer = requireCertificate(signature.certificateId);
  const issuer = describeIssuer(signer.issuerRef);
  const timestamped = signature.tsaTime !== null;
  return {
    SignatureIndex: index,
    SignatureType: "Embedded",
    Signer: simpleDisplayName(signer.subject),
    SignerSubject: rfc4514Name(signer.subject),
    SignerHash: signer.thumbprint,
    Issuer: simpleDisplayName(issuer.subject),
    IssuerHash: issuer.thumbprint,
    CertificateSerialNumber: signer.serial,
    CertificateCreationTime: isoTime(signer.notBefore),
    CertificateExpirationTime: isoTime(signer.notAfter),
    CertificateCountersignatureTime: timestamped ? isoTime(signature.tsaTime) : null,
    CrlDistributionPointUrls: signer.crlUrls ? signer.crlUrls.trim().split(/\s+/) : [],
    DigestAlgorithm: signature.digest,
    ProgramName: signature.programName,
    TimestampSigner: timestamped
      ? simpleDisplayName(requireCertificate(timestampingCertificateId).subject)
      : null,
  };
}

function describeIssuer(issuerRef) {
  if (issuerRef.startsWith("subject:")) {
    return { subject: issuerRef.slice("subject:".length), thumbprint: null };
  }
  return requireCertificate(issuerRef);
}

function requireCertificate(id) {
  const certificate = certificates.get(id);
  if (!certificate) throw new Error(`no cert fact for ${id}`);
  return certificate;
}

/** Split "/C=IT/O=Enter Srl/CN=Enter Srl" into [type, value] pairs, in DER order. */
function parseSlashName(name) {
  return name
    .split("/")
    .filter((part) => part !== "")
    .map((part) => {
      const equals = part.indexOf("=");
      return [part.slice(0, equals), part.slice(equals + 1)];
    });
}

function simpleDisplayName(slashName) {
  const attributes = parseSlashName(slashName);
  for (const type of simpleNameAttributeTypes) {
    const match = attributes.find(([attributeType]) => attributeType === type);
    if (match) return match[1];
  }
  return null;
}

/** RFC 4514 string: last RDN first, "," between RDNs, section 2.4 escaping. */
function rfc4514Name(slashName) {
  return parseSlashName(slashName)
    .reverse()
    .map(([type, value]) => `${type}=${escapeRfc4514Value(value)}`)
    .join(",");
}

function escapeRfc4514Value(value) {
  let escaped = value.replace(/[,+"\\<>;]/g, (character) => `\\${character}`);
  escaped = escaped.replace(/^[ #]/, (character) => `\\${character}`);
  return escaped.replace(/ $/, "\\ ");
}

function isoTime(time) {
  return new Date(time).toISOString();
}
