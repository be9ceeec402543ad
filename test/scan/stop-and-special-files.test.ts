import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/open-database.js";
import { runScan } from "../../src/scan/scanner.js";
import { cliPath, runCli } from "../support/cli.js";
import { nativeFixturePath } from "../support/native-fixtures.js";

const megabyte = 1_000_000;
const deviceOptions = ["--device-id", "0".repeat(40), "--device-name", "stop-test"];
const device = { DeviceId: "0".repeat(40), DeviceName: "stop-test" };
/** An interrupted sweep must end within this, whatever its read rate. */
const stopBoundInMilliseconds = 10_000;
/** Wait after starting a sweep before interrupting it: long enough to be reading. */
const interruptAfterInMilliseconds = 1_500;

let workFolder: string;
beforeAll(() => {
  workFolder = mkdtempSync(join(tmpdir(), "signsweep-stop-"));
});
afterAll(() => rmSync(workFolder, { recursive: true, force: true }));

function queryAll<T>(databasePath: string, sql: string): T[] {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** Create a folder of `count` files of about `sizeInBytes` each: a PE image followed by real bytes. */
function bigFiles(name: string, count: number, sizeInBytes: number): string {
  const root = join(workFolder, name);
  mkdirSync(root);
  for (let i = 0; i < count; i++) {
    const path = join(root, `big${i}.dll`);
    copyFileSync(nativeFixturePath("unsigned-pe32.exe"), path);
    writeFileSync(path, Buffer.alloc(sizeInBytes, i + 1), { flag: "a" });
  }
  return root;
}

function expectNothingRecorded(databasePath: string): void {
  const scans = queryAll<{ status: string }>(databasePath, "SELECT status FROM scans");
  expect(scans.map((scan) => scan.status)).toEqual(["interrupted"]);
  expect(queryAll(databasePath, "SELECT * FROM DeviceFileCertificateInfo")).toEqual([]);
  expect(queryAll(databasePath, "SELECT * FROM file_cache")).toEqual([]);
  expect(queryAll(databasePath, "SELECT * FROM errors")).toEqual([]);
}

describe("scan interrupted during slow reads", () => {
  it("stops within seconds of one SIGINT", async () => {
    const root = bigFiles("slow-cli", 4, 3 * megabyte);
    const databasePath = join(workFolder, "slow-cli.db");
    const child = spawn(process.execPath, [
      cliPath, "scan", "--quiet", "--db", databasePath, ...deviceOptions, "--max-read-rate", "1", root,
    ]);
    let stderr = "";
    child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

    await new Promise((resolve) => setTimeout(resolve, interruptAfterInMilliseconds));
    const interruptedAt = Date.now();
    child.kill("SIGINT");
    const bound = setTimeout(() => child.kill("SIGKILL"), stopBoundInMilliseconds * 2);
    const status = await exited;
    clearTimeout(bound);

    expect(Date.now() - interruptedAt).toBeLessThan(stopBoundInMilliseconds);
    expect(status).toBe(130);
    expect(stderr).toMatch(/stopping/);
    expectNothingRecorded(databasePath);
  }, 30_000);

  it("stops within seconds on the calling thread", async () => {
    const root = bigFiles("slow-api", 2, 3 * megabyte);
    const databasePath = join(workFolder, "slow-api.db");
    const db = openDatabase(databasePath);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), interruptAfterInMilliseconds);
    try {
      const started = Date.now();
      const summary = await runScan(db, {
        roots: [root], device, extensions: ["dll"], allFiles: false, exclude: [], concurrency: 2,
        threads: 0, maxBytesPerSecond: megabyte, recordedOptions: {}, signal: abort.signal,
      });
      expect(Date.now() - started).toBeLessThan(interruptAfterInMilliseconds + stopBoundInMilliseconds);
      expect(summary.status).toBe("interrupted");
      expect(summary.counts.files_seen).toBe(0);
    } finally {
      db.close();
    }
    expectNothingRecorded(databasePath);
  }, 30_000);
});

describe("scan of files that are not regular", () => {
  it("skips a FIFO and a link to /dev/zero promptly", () => {
    const root = join(workFolder, "special");
    mkdirSync(root);
    execFileSync("mkfifo", [join(root, "pipe.exe")]);
    symlinkSync("/dev/zero", join(root, "zero.dll"));
    copyFileSync(nativeFixturePath("unsigned-pe32.exe"), join(root, "real.exe"));
    const databasePath = join(workFolder, "special.db");

    for (const extra of [[], ["--all-files"]]) {
      const started = Date.now();
      const result = runCli(["scan", "--quiet", "--db", databasePath, ...deviceOptions, ...extra, root]);
      expect(Date.now() - started).toBeLessThan(stopBoundInMilliseconds);
      expect(result.status).toBe(0);
    }
    const names = queryAll<{ FileName: string }>(databasePath, "SELECT DISTINCT FileName FROM DeviceFileCertificateInfo");
    expect(names.map((row) => row.FileName)).toEqual(["real.exe"]);
  }, 30_000);

  it("never hangs on files swapped for a FIFO", async () => {
    const root = join(workFolder, "swapped");
    mkdirSync(root);
    const fileCount = 100;
    const fifoPath = join(workFolder, "swap.fifo");
    const pePath = join(workFolder, "swap.exe");
    execFileSync("mkfifo", [fifoPath]);
    copyFileSync(nativeFixturePath("unsigned-pe32.exe"), pePath);
    for (let i = 0; i < fileCount; i++) copyFileSync(pePath, join(root, `f${i}.exe`));

    // A child process swaps each name between the PE image and the FIFO for as long as the sweeps run.
    const swapper = spawn(process.execPath, ["-e", swapScript, root, fifoPath, pePath, String(fileCount)], {
      stdio: "ignore",
    });
    const codes = new Set<string>();
    try {
      for (let run = 0; run < 5; run++) {
        const databasePath = join(workFolder, `swapped-${run}.db`);
        const started = Date.now();
        const status = await scanInChild(databasePath, root);
        expect(Date.now() - started).toBeLessThan(stopBoundInMilliseconds);
        expect(status).toBe(0);
        for (const { code } of queryAll<{ code: string }>(databasePath, "SELECT code FROM errors")) codes.add(code);
      }
    } finally {
      swapper.kill();
    }
    for (const code of codes) expect(["NotRegularFile", "FileChangedDuringSweep", "ENOENT"]).toContain(code);
  }, 90_000);
});

/** Swap `root/f<i>.exe` between hard links of the FIFO and the PE image until killed. */
const swapScript = `
const fs = require("node:fs");
const [root, fifo, pe, count] = process.argv.slice(1);
for (;;) {
  for (let i = 0; i < Number(count); i++) {
    for (const source of [fifo, pe]) {
      const temporary = root + "/.swap" + i;
      try { fs.linkSync(source, temporary); fs.renameSync(temporary, root + "/f" + i + ".exe"); } catch {}
    }
  }
}`;

/** Run a sweep in a child process, killing it when it outlives twice the stop bound. */
function scanInChild(databasePath: string, root: string): Promise<number | null> {
  const child = spawn(process.execPath, [cliPath, "scan", "--quiet", "--db", databasePath, ...deviceOptions, root], {
    stdio: "ignore",
  });
  const bound = setTimeout(() => child.kill("SIGKILL"), stopBoundInMilliseconds * 2);
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      clearTimeout(bound);
      resolve(code);
    }),
  );
}
