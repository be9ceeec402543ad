import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { buildPeTestImages, debianSignedEfi, type PeTestImages } from "../support/pe-test-images.js";

/** `nobody`: root ignores file modes, so unreadable paths are tested as this user. */
const unprivileged = { uid: 65534, gid: 65534 };
const runningAsRoot = process.getuid?.() === 0;

interface Tree {
  root: string;
  databasePath: string;
  path(...parts: string[]): string;
}

let images: PeTestImages;
let workFolder: string;

/**
 * Build a tree shaped like a triage folder: awkward folder names, upper-case
 * extensions, a text file named .exe, a PE image named .txt, an empty file,
 * a symbolic link loop, and a folder and a file that cannot be read.
 */
function buildTree(name: string): Tree {
  const root = join(workFolder, name, "root");
  const path = (...parts: string[]) => join(root, ...parts);
  const folders = [
    ["Program Files (x86)", "Vendor [beta]", "app {1}"],
    ["Wïndows ünïcode", "System32"],
    [".hidden"],
    ["docs"],
    ["locked"],
  ];
  for (const folder of folders) mkdirSync(path(...folder), { recursive: true });
  copyFileSync(images.signedPe32Plus, path("Program Files (x86)", "Vendor [beta]", "app {1}", "Signed.EXE"));
  copyFileSync(images.nestedPe32Plus, path("Wïndows ünïcode", "System32", "nested.dll"));
  copyFileSync(images.unsignedPe32, path(".hidden", "unsigned.sys"));
  copyFileSync(debianSignedEfi, path("fbx64.efi"));
  copyFileSync(images.unsignedPe32Plus, path("docs", "pe-named.txt"));
  copyFileSync(images.signedPe32, path("locked", "inside.dll"));
  copyFileSync(images.signedPe32, path("secret.dll"));
  writeFileSync(path("docs", "readme.txt"), "not a program\n");
  writeFileSync(path("fake.exe"), "MZ but nothing else of a PE image");
  writeFileSync(path("empty.dll"), "");
  symlinkSync(root, path("docs", "loop"));

  chmodSync(path("locked"), 0o000);
  chmodSync(path("secret.dll"), 0o000);
  // The sweep runs as an unprivileged user, who must be able to create the database.
  const databaseFolder = join(workFolder, name, "db");
  mkdirSync(databaseFolder);
  chmodSync(databaseFolder, 0o777);
  chmodSync(workFolder, 0o755);
  return { root, databasePath: join(databaseFolder, "signsweep.db"), path };
}

function scan(tree: Tree, ...extra: string[]) {
  const result = runCli(
    ["scan", "--db", tree.databasePath, "--device-name", "Triage-Host.example", ...extra, tree.root],
    runningAsRoot ? { asUser: unprivileged } : {},
  );
  expect(result.stderr).not.toMatch(/TypeError|RangeError|at .*\.js:\d+/);
  return result;
}

function query<T>(tree: Tree, sql: string, ...params: unknown[]): T[] {
  const db = new Database(tree.databasePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

beforeAll(() => {
  images = buildPeTestImages();
  workFolder = mkdtempSync(join(tmpdir(), "signsweep-scan-"));
});

afterAll(() => {
  images?.remove();
  if (workFolder) rmSync(workFolder, { recursive: true, force: true });
});

describe("scan over a triage tree", () => {
  let tree: Tree;
  beforeAll(() => {
    tree = buildTree("by-extension");
  });

  it("exits 0 and prints a summary", () => {
    const result = scan(tree);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^scan 1 completed: /);
  });

  it("records one row per signature", () => {
    const rows = query<{ FileName: string; IsSigned: number; SignatureIndex: number | null }>(
      tree,
      "SELECT FileName, IsSigned, SignatureIndex FROM DeviceFileCertificateInfo ORDER BY FileName, SignatureIndex",
    );
    const byFile = new Map<string, number>();
    for (const row of rows) byFile.set(row.FileName, (byFile.get(row.FileName) ?? 0) + 1);
    expect(byFile.get("Signed.EXE")).toBe(1);
    expect(byFile.get("nested.dll")).toBe(2);
    expect(byFile.get("unsigned.sys")).toBe(1);
    expect(byFile.get("fbx64.efi")).toBe(1);
    // It starts with MZ, so it keeps a row that names why its headers could not be read.
    expect(byFile.get("fake.exe")).toBe(1);
    expect(byFile.has("empty.dll")).toBe(false);
    expect(byFile.has("pe-named.txt")).toBe(false);
    expect(byFile.has("readme.txt")).toBe(false);
    expect(byFile.has("inside.dll")).toBe(false);
    expect(rows.length).toBe(6);
  });

  it("reports MZ file without PE headers", () => {
    const rows = query<{ IsSigned: number; Error: string | null }>(
      tree,
      "SELECT IsSigned, Error FROM DeviceFileCertificateInfo WHERE FileName = 'fake.exe'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.IsSigned).toBe(0);
    expect(rows[0]?.Error).toMatch(/^OutOfBounds: IMAGE_DOS_HEADER\.e_lfanew/);
  });

  it("fills the identity and file columns", () => {
    const rows = query<Record<string, unknown>>(
      tree,
      "SELECT * FROM DeviceFileCertificateInfo WHERE FileName = 'unsigned.sys'",
    );
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row["DeviceName"]).toBe("triage-host.example");
    expect(row["DeviceId"]).toMatch(/^[0-9a-f]{40}$/);
    expect(row["SHA1"]).toMatch(/^[0-9a-f]{40}$/);
    expect(row["IsSigned"]).toBe(0);
    expect(row["Signer"]).toBeNull();
    expect(row["SignatureType"]).toBeNull();
    expect(row["IsTrusted"]).toBeNull();
    expect(row["IsRootSignerMicrosoft"]).toBeNull();
    expect(row["FolderPath"]).toBe(tree.path(".hidden"));
    expect(String(row["Timestamp"])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("marks signed rows Embedded and keeps ReportId increasing", () => {
    const rows = query<{ ReportId: number; SignatureType: string | null; IsSigned: number }>(
      tree,
      "SELECT ReportId, SignatureType, IsSigned FROM DeviceFileCertificateInfo ORDER BY ReportId",
    );
    for (const row of rows) {
      expect(row.SignatureType).toBe(row.IsSigned === 1 ? "Embedded" : null);
    }
    const ids = rows.map((row) => row.ReportId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("records unreadable paths in errors", () => {
    const errors = query<{ path: string; code: string }>(tree, "SELECT path, code FROM errors ORDER BY path");
    expect(errors).toContainEqual({ path: tree.path("locked"), code: "EACCES" });
    expect(errors).toContainEqual({ path: tree.path("secret.dll"), code: "EACCES" });
    expect(errors).toHaveLength(2);
  });

  it("counts the sweep in the scans table", () => {
    const [scanRow] = query<Record<string, number | string>>(tree, "SELECT * FROM scans");
    expect(scanRow?.["status"]).toBe("completed");
    expect(scanRow?.["files_seen"]).toBe(7);
    expect(scanRow?.["files_read"]).toBe(6);
    expect(scanRow?.["files_not_pe"]).toBe(1);
    expect(scanRow?.["files_signed"]).toBe(3);
    expect(scanRow?.["files_unsigned"]).toBe(2);
    expect(scanRow?.["files_failed"]).toBe(2);
    expect(scanRow?.["signature_rows"]).toBe(6);
    expect(scanRow?.["ended_at"]).not.toBeNull();
  });
});

describe("scan --all-files", () => {
  it("finds a PE image named .txt", () => {
    const tree = buildTree("all-files");
    expect(scan(tree, "--all-files").status).toBe(0);
    const names = query<{ FileName: string }>(tree, "SELECT DISTINCT FileName FROM DeviceFileCertificateInfo");
    expect(names.map((row) => row.FileName)).toContain("pe-named.txt");
    expect(names.map((row) => row.FileName)).not.toContain("readme.txt");
  });
});
