/**
 * Independent readings of Authenticode signatures by osslsigncode and
 * openssl, for comparison with signsweep. Nothing here imports src/, because
 * these helpers must not share signsweep's bugs: they parse the tools' text
 * output.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One signature as `osslsigncode verify` prints it. */
export interface OsslsigncodeSignature {
  index: number;
  /** As printed, e.g. "SHA256". */
  digestAlgorithm: string;
  /** Signer certificate serial as printed: uppercase hex, "-" when negative. */
  signerSerial: string;
  /** The "Text description" (SpcSpOpusInfo programName). */
  programName: string | null;
  /** RFC 3161 genTime to the second, ISO 8601 UTC, or null when not timestamped. */
  timestampTime: string | null;
}

export interface OsslsigncodeVerifyResult {
  status: number | null;
  output: string;
  signatures: OsslsigncodeSignature[];
}

/** A certificate carried in a signature, as openssl prints it. */
export interface OpensslCertificate {
  /** DER INTEGER content octets, lowercase hex. */
  serial: string;
  /** SHA-1 of the DER bytes, lowercase hex. */
  thumbprint: string;
  /** `-nameopt RFC2253` with raw UTF-8. */
  subjectRfc2253: string;
  issuerRfc2253: string;
  /** [short name, value] pairs in DER order. */
  subjectAttributes: [string, string][];
  issuerAttributes: [string, string][];
}

const nestedSignatureOid = "1.3.6.1.4.1.311.2.4.1";
const monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Run a tool and return its exit status and combined output, even when it fails. */
function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function runOrThrow(command: string, args: string[]): string {
  const { status, output } = run(command, args);
  if (status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${status}):\n${output}`);
  return output;
}

/**
 * `osslsigncode verify -in PATH`, parsed per "Signature Index" block.
 * -ignore-crl keeps osslsigncode from downloading the CRLs that the
 * certificates name, so the tests send no network traffic.
 */
export function osslsigncodeVerify(path: string, trustedRootPath?: string): OsslsigncodeVerifyResult {
  const args = ["verify", "-ignore-crl", "-in", path];
  if (trustedRootPath) args.push("-CAfile", trustedRootPath, "-TSA-CAfile", trustedRootPath);
  const { status, output } = run("osslsigncode", args);
  return { status, output, signatures: parseVerifyOutput(output) };
}

function parseVerifyOutput(output: string): OsslsigncodeSignature[] {
  const signatures: OsslsigncodeSignature[] = [];
  let current: OsslsigncodeSignature | null = null;
  let inSignerCertificate = false;

  for (const line of output.split("\n")) {
    const index = /^Signature Index: (\d+)/.exec(line);
    if (index) {
      current = {
        index: Number(index[1]),
        digestAlgorithm: "",
        signerSerial: "",
        programName: null,
        timestampTime: null,
      };
      signatures.push(current);
      inSignerCertificate = false;
      continue;
    }
    if (!current) continue;

    const digest = /^Message digest algorithm\s*:\s*(\S+)/.exec(line);
    if (digest && current.digestAlgorithm === "") current.digestAlgorithm = digest[1]!;
    if (line.startsWith("Signer's certificate:")) inSignerCertificate = true;
    const serial = /^\s+Serial : (\S+)/.exec(line);
    if (serial && inSignerCertificate && current.signerSerial === "") {
      current.signerSerial = serial[1]!;
      inSignerCertificate = false;
    }
    const description = /^\s+Text description: (.*)$/.exec(line);
    if (description && current.programName === null) current.programName = description[1]!;
    const timestamp = /^\s+Timestamp time: (.+)$/.exec(line);
    if (timestamp && current.timestampTime === null) current.timestampTime = parseOpensslTime(timestamp[1]!);
  }
  return signatures;
}

/** openssl's "Mar 10 12:05:05 2025 GMT" as ISO 8601 UTC. */
export function parseOpensslTime(text: string): string {
  const match = /^(\w{3})\s+(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4}) GMT$/.exec(text.trim());
  if (!match) throw new Error(`unrecognized openssl time: ${JSON.stringify(text)}`);
  const [, month, day, hours, minutes, seconds, year] = match;
  const monthIndex = monthNames.indexOf(month!);
  if (monthIndex < 0) throw new Error(`unrecognized month in ${JSON.stringify(text)}`);
  const [dayOfMonth, hour, minute, second] = [day, hours, minutes, seconds].map(Number);
  return new Date(Date.UTC(Number(year), monthIndex, dayOfMonth, hour, minute, second)).toISOString();
}

/**
 * DER INTEGER content octets (lowercase hex) of a serial that openssl or
 * osslsigncode printed as signed hex: "C0FFEE01" gives 00c0ffee01 and
 * "-7F0012" gives 80ffee (X.690 8.3, two's complement in the fewest octets).
 */
export function derSerialFromPrintedHex(printed: string): string {
  const negative = printed.startsWith("-");
  const magnitude = BigInt(`0x${negative ? printed.slice(1) : printed}`);
  let octets = 1;
  if (negative) {
    while (-(1n << BigInt(8 * octets - 1)) > -magnitude) octets += 1;
    return ((1n << BigInt(8 * octets)) - magnitude).toString(16).padStart(2 * octets, "0");
  }
  while (magnitude >= 1n << BigInt(8 * octets - 1)) octets += 1;
  return magnitude.toString(16).padStart(2 * octets, "0");
}

/** First of CN, OU, O, emailAddress (CERT_NAME_SIMPLE_DISPLAY_TYPE). */
export function simpleDisplayName(attributes: [string, string][]): string | null {
  for (const type of ["CN", "OU", "O", "emailAddress"]) {
    const match = attributes.find(([attributeType]) => attributeType === type);
    if (match) return match[1];
  }
  return null;
}

/** `osslsigncode extract-signature`: the DER PKCS#7 of a file's first entry. */
export function extractSignature(signedPath: string): Buffer {
  return withTempDir((dir) => {
    const out = join(dir, "signature.p7");
    runOrThrow("osslsigncode", ["extract-signature", "-in", signedPath, "-out", out]);
    return readFileSync(out);
  });
}

/**
 * Collect every certificate in a DER PKCS#7 SignedData and in the nested signatures
 * that its SignerInfo carries (unsigned attribute 1.3.6.1.4.1.311.2.4.1).
 * Certificates inside timestamp tokens are not included.
 */
export function signatureCertificates(signedData: Buffer): OpensslCertificate[] {
  return withTempDir((dir) => {
    const blobs = [signedData, ...nestedSignedData(signedData, dir)];
    const certificates = new Map<string, OpensslCertificate>();
    blobs.forEach((blob, blobIndex) => {
      const p7Path = join(dir, `signature-${blobIndex}.p7`);
      writeFileSync(p7Path, blob);
      const bundle = runOrThrow("openssl", ["pkcs7", "-inform", "DER", "-in", p7Path, "-print_certs"]);
      splitPem(bundle).forEach((pem, certIndex) => {
        const certPath = join(dir, `cert-${blobIndex}-${certIndex}.pem`);
        writeFileSync(certPath, pem);
        const certificate = describeCertificate(certPath);
        certificates.set(certificate.thumbprint, certificate);
      });
    });
    return [...certificates.values()];
  });
}

/** Slice out the ContentInfo DER of each nested signature, located with `openssl asn1parse`. */
function nestedSignedData(signedData: Buffer, dir: string): Buffer[] {
  const p7Path = join(dir, "outer.p7");
  writeFileSync(p7Path, signedData);
  const lines = parseAsn1Lines(runOrThrow("openssl", ["asn1parse", "-inform", "DER", "-in", p7Path]));
  const nested: Buffer[] = [];
  lines.forEach((line, i) => {
    if (!line.text.includes(`:${nestedSignatureOid}`)) return;
    const set = lines[i + 1];
    if (!set) return;
    for (const child of lines.slice(i + 2)) {
      if (child.depth <= set.depth) break;
      if (child.depth === set.depth + 1) {
        nested.push(signedData.subarray(child.offset, child.offset + child.headerLength + child.length));
      }
    }
  });
  return nested;
}

interface Asn1Line {
  offset: number;
  depth: number;
  headerLength: number;
  length: number;
  text: string;
}

function parseAsn1Lines(output: string): Asn1Line[] {
  const lines: Asn1Line[] = [];
  for (const line of output.split("\n")) {
    const match = /^\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+)\s+(?:prim|cons):\s*(.*)$/.exec(line);
    if (!match) continue;
    lines.push({
      offset: Number(match[1]),
      depth: Number(match[2]),
      headerLength: Number(match[3]),
      length: Number(match[4]),
      text: match[5]!,
    });
  }
  return lines;
}

function splitPem(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
}

function describeCertificate(certPath: string): OpensslCertificate {
  const x509 = (...args: string[]) => runOrThrow("openssl", ["x509", "-in", certPath, "-noout", ...args]);
  const printedSerial = x509("-serial").trim().replace(/^serial=/, "");
  const thumbprint = x509("-fingerprint", "-sha1").trim().replace(/^.*=/, "").replaceAll(":", "").toLowerCase();
  const rfc2253 = ["-nameopt", "RFC2253,-esc_msb"];
  const multiline = ["-nameopt", "utf8,sep_multiline,sname,space_eq"];
  return {
    serial: derSerialFromPrintedHex(printedSerial),
    thumbprint,
    subjectRfc2253: x509("-subject", ...rfc2253).trim().replace(/^subject=/, ""),
    issuerRfc2253: x509("-issuer", ...rfc2253).trim().replace(/^issuer=/, ""),
    subjectAttributes: parseMultilineName(x509("-subject", ...multiline)),
    issuerAttributes: parseMultilineName(x509("-issuer", ...multiline)),
  };
}

/** Lines "    CN = value" after "subject=" into [type, value] pairs. */
function parseMultilineName(output: string): [string, string][] {
  return output
    .split("\n")
    .slice(1)
    .filter((line) => line.includes(" = "))
    .map((line) => {
      const trimmed = line.trim();
      const equals = trimmed.indexOf(" = ");
      return [trimmed.slice(0, equals), trimmed.slice(equals + 3)];
    });
}

/**
 * Read the genTime of every RFC 3161 TSTInfo in a DER PKCS#7 with `openssl
 * asn1parse`, in document order, as ISO 8601 UTC with the fraction kept.
 */
export function timestampGenTimes(signedData: Buffer): string[] {
  return withTempDir((dir) => {
    const p7Path = join(dir, "signature.p7");
    writeFileSync(p7Path, signedData);
    const lines = parseAsn1Lines(runOrThrow("openssl", ["asn1parse", "-inform", "DER", "-in", p7Path]));
    const genTimes: string[] = [];
    lines.forEach((line, i) => {
      const content = lines[i + 2];
      if (!line.text.includes(":id-smime-ct-TSTInfo") || !content?.text.startsWith("OCTET STRING")) return;
      const strparse = ["-strparse", String(content.offset)];
      const tstInfo = runOrThrow("openssl", ["asn1parse", "-inform", "DER", "-in", p7Path, ...strparse]);
      const genTime = /GENERALIZEDTIME\s*:(\S+)/.exec(tstInfo);
      if (genTime) genTimes.push(generalizedTimeToIso(genTime[1]!));
    });
    return genTimes;
  });
}

/** "20260923102444.997Z" as "2026-09-23T10:24:44.997Z". */
function generalizedTimeToIso(text: string): string {
  const match = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.(\d+))?Z$/.exec(text);
  if (!match) throw new Error(`unrecognized GeneralizedTime ${text}`);
  const [, year, month, day, hours, minutes, seconds, fraction = ""] = match;
  const milliseconds = fraction.padEnd(3, "0").slice(0, 3);
  return `${year}-${month}-${day}T${hours}:${minutes}:${seconds}.${milliseconds}Z`;
}

function withTempDir<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "signsweep-oracle-"));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
