import { execFileSync } from "node:child_process";
import { copyFileSync, lstatSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { inspectFile, inspectFileSync } from "../../src/inspect/inspect-file.js";
import { fileIdOf } from "../../src/inspect/open-regular-file.js";
import { runCli } from "../support/cli.js";
import { nativeFixturePath } from "../support/native-fixtures.js";

/** A read that waits on a FIFO or streams /dev/zero never ends; this is far above a real read. */
const promptInMilliseconds = 5_000;

let folder: string;
let fifoPath: string;
let zeroLinkPath: string;
let peCopyPath: string;
let otherPath: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "signsweep-special-"));
  fifoPath = join(folder, "pipe.exe");
  execFileSync("mkfifo", [fifoPath]);
  zeroLinkPath = join(folder, "zero.dll");
  symlinkSync("/dev/zero", zeroLinkPath);
  peCopyPath = join(folder, "unsigned.exe");
  copyFileSync(nativeFixturePath("unsigned-pe32.exe"), peCopyPath);
  otherPath = join(folder, "other.exe");
  copyFileSync(nativeFixturePath("unsigned-pe32.exe"), otherPath);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const notRegular = [
  { name: "FIFO", path: () => fifoPath, kind: /a FIFO/ },
  { name: "symbolic link to /dev/zero", path: () => zeroLinkPath, kind: /a character device/ },
];

describe("inspectFile on files that are not regular", () => {
  test.each(notRegular)("$name is rejected at once", async ({ path, kind }) => {
    const started = Date.now();
    const report = await inspectFile(path());
    expect(Date.now() - started).toBeLessThan(promptInMilliseconds);
    expect(report.SHA1).toBeNull();
    expect(report.Error).toMatch(/^NotRegularFile: /);
    expect(report.Error).toMatch(kind);
  });

  test.each(notRegular)("$name is rejected at once (sync)", ({ path, kind }) => {
    const started = Date.now();
    const report = inspectFileSync(path());
    expect(Date.now() - started).toBeLessThan(promptInMilliseconds);
    expect(report.SHA1).toBeNull();
    expect(report.Error).toMatch(/^NotRegularFile: /);
    expect(report.Error).toMatch(kind);
  });

  test.each(notRegular)("$name through the CLI", ({ path }) => {
    const started = Date.now();
    const result = runCli(["inspect", "--json", path()]);
    expect(Date.now() - started).toBeLessThan(promptInMilliseconds * 2);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/NotRegularFile/);
  });
});

describe("inspectFile with an expected file id", () => {
  test("reads the file that was listed", async () => {
    const expectedFileId = fileIdOf(lstatSync(peCopyPath, { bigint: true }));
    const report = await inspectFile(peCopyPath, { expectedFileId });
    expect(report.Error).toBeNull();
    expect(report.IsPeImage).toBe(true);
  });

  test("rejects a file swapped in after listing", async () => {
    const expectedFileId = fileIdOf(lstatSync(otherPath, { bigint: true }));
    const report = await inspectFile(peCopyPath, { expectedFileId });
    expect(report.SHA1).toBeNull();
    expect(report.Error).toMatch(/^FileChangedDuringSweep: /);
  });

  test("rejects a file swapped in after listing (sync)", () => {
    const expectedFileId = fileIdOf(lstatSync(otherPath, { bigint: true }));
    const report = inspectFileSync(peCopyPath, { expectedFileId });
    expect(report.SHA1).toBeNull();
    expect(report.Error).toMatch(/^FileChangedDuringSweep: /);
  });

  test("rejects a FIFO swapped in after listing", async () => {
    const expectedFileId = fileIdOf(lstatSync(peCopyPath, { bigint: true }));
    const report = await inspectFile(fifoPath, { expectedFileId });
    expect(report.Error).toMatch(/^NotRegularFile: /);
  });
});
