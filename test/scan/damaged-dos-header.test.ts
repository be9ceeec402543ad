import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headLimitInBytes, maxHeadSizeInBytes } from "../../src/inspect/read-file-once.js";
import { IMAGE_DOS_HEADER } from "../../src/pe/layout.js";
import { runCli } from "../support/cli.js";
import { nativeFixturePath } from "../support/native-fixtures.js";

const deviceOptions = ["--device-id", "0".repeat(40), "--device-name", "dos-header-test"];
/** Bytes copied from the original e_lfanew when the NT headers are moved. */
const ntHeadersCopySizeInBytes = 1024;

/** Return a copy of `image` with its e_lfanew set to `e_lfanew`. */
function withLfanew(image: Buffer, e_lfanew: number): Buffer {
  const copy = Buffer.from(image);
  copy.writeUInt32LE(e_lfanew, IMAGE_DOS_HEADER.e_lfanew);
  return copy;
}

/**
 * Return `image` with its NT headers copied to `offset`, past the end of the
 * original file, and e_lfanew pointing at the copy. The security directory
 * still names the original certificate table, so the signature stays readable.
 */
function withMovedNtHeaders(image: Buffer, offset: number): Buffer {
  const original = image.readUInt32LE(IMAGE_DOS_HEADER.e_lfanew);
  const moved = Buffer.alloc(offset + ntHeadersCopySizeInBytes);
  image.copy(moved);
  image.copy(moved, offset, original, original + ntHeadersCopySizeInBytes);
  moved.writeUInt32LE(offset, IMAGE_DOS_HEADER.e_lfanew);
  return moved;
}

// Each file with the IsSigned and Error its row must carry.
const cases: { name: string; bytes: (image: Buffer) => Buffer; signed: number; error: RegExp | null }[] = [
  { name: "elfanew-huge.exe", bytes: (image) => withLfanew(image, 0x7fffffff), signed: 0, error: /^OutOfBounds: PE signature/ },
  { name: "elfanew-negative.exe", bytes: (image) => withLfanew(image, 0xffffffff), signed: 0, error: /^OutOfBounds: PE signature/ },
  { name: "elfanew-past-end.exe", bytes: (image) => withLfanew(image, image.length - 2), signed: 0, error: /^OutOfBounds: PE signature/ },
  { name: "elfanew-zero.exe", bytes: (image) => withLfanew(image, 0), signed: 0, error: /^NotPeImage: PE signature at e_lfanew 0/ },
  { name: "dos-header-cut.exe", bytes: () => Buffer.from("MZ and nothing else"), signed: 0, error: /^OutOfBounds: IMAGE_DOS_HEADER\.e_lfanew/ },
  {
    name: "headers-past-head-limit.exe",
    bytes: (image) => withMovedNtHeaders(image, headLimitInBytes + 4096),
    signed: 1,
    error: null,
  },
  {
    name: "headers-past-max-head.exe",
    bytes: (image) => withMovedNtHeaders(image, maxHeadSizeInBytes + 4096),
    signed: 0,
    error: /^PeHeadersBeyondHeadLimit: /,
  },
];

let workFolder: string;
beforeAll(() => {
  workFolder = mkdtempSync(join(tmpdir(), "signsweep-dos-header-"));
  const image = readFileSync(nativeFixturePath("enter-srl-ts.exe"));
  for (const folder of ["named", "sniffed"]) mkdirSync(join(workFolder, folder));
  for (const { name, bytes } of cases) {
    writeFileSync(join(workFolder, "named", name), bytes(image));
    writeFileSync(join(workFolder, "sniffed", `${name}.bin`), bytes(image));
  }
});
afterAll(() => rmSync(workFolder, { recursive: true, force: true }));

interface Row {
  FileName: string;
  IsSigned: number;
  Error: string | null;
}

function scanRows(folder: string, ...extra: string[]): Map<string, Row> {
  const databasePath = join(workFolder, `${folder}.db`);
  const result = runCli(["scan", "--quiet", "--db", databasePath, ...deviceOptions, ...extra, join(workFolder, folder)]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const db = new Database(databasePath, { readonly: true });
  try {
    const rows = db.prepare("SELECT FileName, IsSigned, Error FROM DeviceFileCertificateInfo").all() as Row[];
    return new Map(rows.map((row) => [row.FileName.replace(/\.bin$/, ""), row]));
  } finally {
    db.close();
  }
}

describe("scan of MZ files with damaged headers", () => {
  for (const [folder, extra] of [["named", []], ["sniffed", ["--all-files"]]] as const) {
    it(`keeps a row for each (${folder})`, () => {
      const rows = scanRows(folder, ...extra);
      for (const { name, signed, error } of cases) {
        const row = rows.get(name);
        expect(row, name).toBeDefined();
        expect(row?.IsSigned, name).toBe(signed);
        if (error === null) expect(row?.Error, name).toBeNull();
        else expect(row?.Error, name).toMatch(error);
      }
      expect(rows.size).toBe(cases.length);
    });
  }
});
