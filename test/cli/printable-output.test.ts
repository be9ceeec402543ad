/**
 * Readable output with hostile names: a PE signed by a certificate whose
 * common name carries a newline, a carriage return, ESC and OSC sequences and
 * a right-to-left override, in a file whose name carries an OSC title
 * sequence. `inspect` and `hunt` must show each of those as a visible escape.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { toPrintableLines, toPrintableText } from "../../src/printable-text.js";
import { ProgressLine } from "../../src/scan/progress.js";
import { emptyCounts } from "../../src/store/scan-store.js";
import { runCli } from "../support/cli.js";

/** Control and bidi characters that must never reach a terminal; line feeds are checked apart. */
const rawControlOrBidi = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** X.509 upper bound ub-common-name (RFC 5280, appendix A) is 64 characters. */
const hostileSigner = "Harmless\n    Signer: Microsoft\rOver \u001b[2J\u001b]0;t\u0007 \u202Egpj Łódź";
const hostileProgramName = "Prog\u001b]8;;http://link.test/\u001b\\here\u001b]8;;\u001b\\";
const hostileFileName = "signed\u001b]0;title\u0007.exe";

describe("toPrintableText", () => {
  const cases = [
    { name: "line feed", input: "a\nb", want: "a\\x0Ab" },
    { name: "carriage return", input: "a\rb", want: "a\\x0Db" },
    { name: "ESC sequence", input: "\u001b[2J", want: "\\x1B[2J" },
    { name: "NUL", input: "a\u0000b", want: "a\\x00b" },
    { name: "DEL", input: "\u007f", want: "\\x7F" },
    { name: "C1 CSI", input: "\u009b31m", want: "\\x9B31m" },
    { name: "right-to-left override", input: "a\u202Eb", want: "a\\u{202E}b" },
    { name: "left-to-right isolate", input: "\u2066", want: "\\u{2066}" },
    { name: "Arabic letter mark", input: "\u061c", want: "\\u{61C}" },
    { name: "right-to-left mark", input: "\u200f", want: "\\u{200F}" },
    { name: "ordinary Unicode kept", input: "Łódź 東京 ü", want: "Łódź 東京 ü" },
    { name: "Windows path kept", input: "C:\\Windows\\System32", want: "C:\\Windows\\System32" },
  ];
  for (const { name, input, want } of cases) {
    test(name, () => expect(toPrintableText(input)).toBe(want));
  }

  test("toPrintableLines keeps line feeds", () => {
    expect(toPrintableLines("a\u001b\nb\r")).toBe("a\\x1B\nb\\x0D");
  });
});

test("progress line escapes the folder name", () => {
  let written = "";
  const stream = { columns: 200, write: (text: string) => (written += text) };
  const progress = new ProgressLine(stream as unknown as NodeJS.WriteStream);
  progress.update(emptyCounts(), "/mnt/image/evil\u001b]0;title\u0007/file.exe");
  expect(written).toContain("/mnt/image/evil\\x1B]0;title\\x07");
  // The only raw control character is the carriage return that redraws the line.
  expect(written.replace(/^\r/, "")).not.toMatch(rawControlOrBidi);
});

let folder: string;
let signedPath: string;
let databasePath: string;

function run(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: "pipe" });
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "signsweep-printable-"));
  const path = (name: string) => join(folder, name);
  writeFileSync(path("hello.c"), "int main(void) { return 0; }\n");
  run("x86_64-w64-mingw32-gcc", ["-Os", "-s", "-o", path("unsigned.exe"), path("hello.c")]);
  run("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365", "-utf8",
    "-keyout", path("key.pem"), "-out", path("cert.pem"),
    "-subj", `/O=Signsweep Tests/CN=${hostileSigner}`,
    "-addext", "extendedKeyUsage=codeSigning",
  ]);
  signedPath = path(hostileFileName);
  run("osslsigncode", [
    "sign", "-certs", path("cert.pem"), "-key", path("key.pem"), "-h", "sha256",
    "-n", hostileProgramName, "-in", path("unsigned.exe"), "-out", signedPath,
  ]);
  rmSync(path("unsigned.exe"));
  databasePath = path("sweep.db");
  const scan = runCli(["scan", "-q", "--db", databasePath, "--device-name", "printable-test", folder]);
  if (scan.status !== 0) throw new Error(`scan failed: ${scan.stderr}`);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("readable output of hostile names", () => {
  test("inspect escapes the signer, program name and path", () => {
    const result = runCli(["inspect", signedPath]);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(rawControlOrBidi);
    expect(result.stdout).toContain("Harmless\\x0A    Signer: Microsoft\\x0DOver");
    expect(result.stdout).toContain("\\x1B[2J\\x1B]0;t\\x07 \\u{202E}gpj Łódź");
    expect(result.stdout).toContain("Prog\\x1B]8;;http://link.test/\\x1B\\here");
    expect(result.stdout).toContain("signed\\x1B]0;title\\x07.exe");
    expect(result.stdout).not.toMatch(/^ +Signer: Microsoft/m);
  });

  test("inspect --json keeps the exact name", () => {
    const result = runCli(["inspect", "--json", signedPath]);
    const [report] = JSON.parse(result.stdout) as [{ Signatures: { Signer: string }[] }];
    expect(report.Signatures[0]!.Signer).toBe(hostileSigner);
  });

  test("hunt escapes result values and table rows", () => {
    const query = "DeviceFileCertificateInfo | where Signer has 'Harmless' | project Signer, FileName";
    const result = runCli(["hunt", "--db", databasePath, "--query", query]);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(rawControlOrBidi);
    expect(result.stdout).toContain("Signer: Harmless\\x0A    Signer:");
    expect(result.stdout).toContain("FileName: signed\\x1B]0;title\\x07.exe");
    expect(result.stdout).toContain('Signer "Harmless\\x0A');
    expect(result.stdout).toContain("\\u{202E}gpj Łódź");
  });

  test("error naming a hostile path is escaped", () => {
    const result = runCli(["inspect", join(folder, "missing\u001b[2J\n.exe")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("missing\\x1B[2J\\x0A.exe");
    expect(result.stderr.trimEnd()).not.toMatch(rawControlOrBidi);
    expect(result.stderr.trimEnd()).not.toContain("\n");
  });
});
