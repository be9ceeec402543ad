import { execFileSync, spawn } from "node:child_process";
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, runCli } from "../support/cli.js";
import { buildPeTestImages, type PeTestImages } from "../support/pe-test-images.js";

let images: PeTestImages;
let workFolder: string;

beforeAll(() => {
  images = buildPeTestImages();
  workFolder = mkdtempSync(join(tmpdir(), "signsweep-rescan-"));
});

afterAll(() => {
  images?.remove();
  if (workFolder) rmSync(workFolder, { recursive: true, force: true });
});

function scanCounts(databasePath: string, scanId: number): Record<string, number | string> {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db.prepare("SELECT * FROM scans WHERE id = ?").get(scanId) as Record<string, number | string>;
  } finally {
    db.close();
  }
}

function rowsOfScan(databasePath: string, scanId: number): Array<{ FileName: string; SHA1: string }> {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db
      .prepare("SELECT FileName, SHA1 FROM DeviceFileCertificateInfo WHERE ScanId = ? ORDER BY FileName")
      .all(scanId) as Array<{ FileName: string; SHA1: string }>;
  } finally {
    db.close();
  }
}

describe("rescan", () => {
  let root: string;
  let databasePath: string;

  beforeAll(() => {
    root = join(workFolder, "tree");
    mkdirSync(join(root, "bin"), { recursive: true });
    copyFileSync(images.signedPe32Plus, join(root, "bin", "a.exe"));
    copyFileSync(images.unsignedPe32, join(root, "bin", "b.dll"));
    copyFileSync(images.nestedPe32Plus, join(root, "c.sys"));
    databasePath = join(workFolder, "rescan.db");
    expect(runCli(["scan", "--db", databasePath, root]).status).toBe(0);
  });

  it("reads nothing that is unchanged", () => {
    expect(runCli(["scan", "--db", databasePath, root]).status).toBe(0);
    const second = scanCounts(databasePath, 2);
    expect(second["files_seen"]).toBe(3);
    expect(second["files_read"]).toBe(0);
    expect(second["files_cached"]).toBe(3);
    expect(second["bytes_read"]).toBe(0);
  });

  it("records new observation rows for cached files", () => {
    const first = rowsOfScan(databasePath, 1);
    const second = rowsOfScan(databasePath, 2);
    expect(second).toEqual(first);
    expect(second.length).toBeGreaterThanOrEqual(3);
  });

  it("reads a file rewritten with its mtime restored", () => {
    // Same size, same inode, same mtime: only ctime shows the change.
    const target = join(root, "bin", "a.exe");
    const before = statSync(target, { bigint: true });
    const other = readFileSync(images.signedPe32Plus);
    other[other.length - 1] = other[other.length - 1]! ^ 0xff;
    writeFileSync(target, other);
    // touch keeps nanoseconds, which utimes() with a Date would round.
    const seconds = before.mtimeNs / 1_000_000_000n;
    const nanoseconds = (before.mtimeNs % 1_000_000_000n).toString().padStart(9, "0");
    execFileSync("touch", ["-m", "-d", `@${seconds}.${nanoseconds}`, target]);
    const after = statSync(target, { bigint: true });
    expect(after.size).toBe(before.size);
    expect(after.mtimeNs).toBe(before.mtimeNs);
    expect(after.ino).toBe(before.ino);

    expect(runCli(["scan", "--db", databasePath, root]).status).toBe(0);
    const counts = scanCounts(databasePath, 3);
    expect(counts["files_read"]).toBe(1);
    const rows = rowsOfScan(databasePath, 3).filter((row) => row.FileName === "a.exe");
    const earlier = rowsOfScan(databasePath, 2).filter((row) => row.FileName === "a.exe");
    expect(rows[0]?.SHA1).not.toBe(earlier[0]?.SHA1);
  });

  it("reads a modified file and drops a deleted one", () => {
    appendFileSync(join(root, "bin", "b.dll"), Buffer.from("overlay"));
    rmSync(join(root, "c.sys"));
    expect(runCli(["scan", "--db", databasePath, root]).status).toBe(0);
    const fourth = scanCounts(databasePath, 4);
    expect(fourth["files_seen"]).toBe(2);
    expect(fourth["files_read"]).toBe(1);
    expect(fourth["files_cached"]).toBe(1);
    const before = rowsOfScan(databasePath, 3).find((row) => row.FileName === "b.dll");
    const after = rowsOfScan(databasePath, 4);
    expect(after.map((row) => row.FileName)).toEqual(["a.exe", "b.dll"]);
    expect(after.find((row) => row.FileName === "b.dll")?.SHA1).not.toBe(before?.SHA1);
  });
});

describe("scan killed halfway", () => {
  it("leaves a database that opens, checks clean and sweeps again", async () => {
    const root = join(workFolder, "many");
    const fileCount = 3000;
    for (let folder = 0; folder < fileCount / 100; folder++) {
      mkdirSync(join(root, `f${folder}`), { recursive: true });
      for (let file = 0; file < 100; file++) {
        copyFileSync(images.unsignedPe32Plus, join(root, `f${folder}`, `m${file}.dll`));
      }
    }
    const databasePath = join(workFolder, "killed.db");

    // Start a sweep and SIGKILL it once its first batch is committed.
    const child = spawn(process.execPath, [cliPath, "scan", "--quiet", "--db", databasePath, root], {
      stdio: "ignore",
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let committed = 0;
    for (let attempt = 0; attempt < 600 && committed === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      try {
        const db = new Database(databasePath, { readonly: true, fileMustExist: true });
        committed = Number(
          (db.prepare("SELECT files_seen FROM scans WHERE id = 1").get() as { files_seen?: number } | undefined)
            ?.files_seen ?? 0,
        );
        db.close();
      } catch {
        // Not created yet, or busy: try again.
      }
    }
    child.kill("SIGKILL");
    await exited;
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(fileCount);

    const db = new Database(databasePath);
    expect(db.prepare("PRAGMA integrity_check").pluck().get()).toBe("ok");
    const partial = db.prepare("SELECT COUNT(*) FROM DeviceFileCertificateInfo").pluck().get() as number;
    expect(partial).toBeGreaterThan(0);
    db.close();

    const rerun = runCli(["scan", "--db", databasePath, root]);
    expect(rerun.status).toBe(0);
    const check = new Database(databasePath, { readonly: true });
    const scans = check.prepare("SELECT id, status, files_seen, files_cached FROM scans ORDER BY id").all() as Array<
      Record<string, number | string>
    >;
    check.close();
    expect(scans[0]?.["status"]).toBe("interrupted");
    expect(scans[1]?.["status"]).toBe("completed");
    expect(scans[1]?.["files_seen"]).toBe(fileCount);
    // What the killed sweep committed is not read again.
    expect(Number(scans[1]?.["files_cached"])).toBeGreaterThanOrEqual(partial);
  });
});

describe("scan --max-file-size", () => {
  it("records a larger file as an error", () => {
    const root = join(workFolder, "capped");
    mkdirSync(root);
    const large = join(root, "sparse.exe");
    copyFileSync(images.unsignedPe32Plus, large);
    truncateSync(large, 1024 ** 3);
    copyFileSync(images.signedPe32Plus, join(root, "small.exe"));
    const databasePath = join(workFolder, "capped.db");

    const result = runCli(["scan", "--max-file-size", "0.5", "--db", databasePath, root]);
    expect(result.status).toBe(0);
    const db = new Database(databasePath, { readonly: true });
    const errors = db.prepare("SELECT path, code FROM errors").all();
    const files = db.prepare("SELECT DISTINCT FileName FROM DeviceFileCertificateInfo").pluck().all();
    db.close();
    expect(errors).toEqual([{ path: large, code: "FileTooLarge" }]);
    expect(files).toEqual(["small.exe"]);
  });
});

describe("scan of a file over 2 GiB", () => {
  it("hashes a sparse PE image of 2.5 GiB", () => {
    const root = join(workFolder, "large");
    mkdirSync(root);
    const large = join(root, "large.exe");
    copyFileSync(images.unsignedPe32Plus, large);
    truncateSync(large, 2.5 * 1024 ** 3);
    const databasePath = join(workFolder, "large.db");
    const result = runCli(["scan", "--db", databasePath, root]);
    expect(result.status).toBe(0);
    const db = new Database(databasePath, { readonly: true });
    const row = db.prepare("SELECT FileSize, SHA1, IsSigned, Error FROM DeviceFileCertificateInfo").get() as Record<
      string,
      unknown
    >;
    db.close();
    expect(row["FileSize"]).toBe(2.5 * 1024 ** 3);
    expect(row["SHA1"]).toMatch(/^[0-9a-f]{40}$/);
    expect(row["IsSigned"]).toBe(0);
    expect(row["Error"]).toBeNull();
  });
});
