import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReadRateLimiter } from "../../src/scan/read-rate-limiter.js";
import { runCli } from "../support/cli.js";

const megabyte = 1_000_000;
const fileCount = 4;
const fileSizeInBytes = 5 * megabyte;
const capInMegabytesPerSecond = 10;
/** 20 MB at 10 MB/s is 2 s; the bound is loose because this checks behaviour, not speed. */
const minimumCappedSeconds = 1.5;
const deviceOptions = ["--device-id", "0".repeat(40), "--device-name", "rate-test"];

let workFolder: string;

beforeAll(() => {
  workFolder = mkdtempSync(join(tmpdir(), "signsweep-rate-"));
});
afterAll(() => {
  if (workFolder) rmSync(workFolder, { recursive: true, force: true });
});

function scanDurationInSeconds(databasePath: string): { seconds: number; bytesRead: number } {
  const db = new Database(databasePath, { readonly: true });
  try {
    const row = db.prepare("SELECT started_at, ended_at, bytes_read FROM scans WHERE id = 1").get() as {
      started_at: string;
      ended_at: string;
      bytes_read: number;
    };
    return { seconds: (Date.parse(row.ended_at) - Date.parse(row.started_at)) / 1000, bytesRead: row.bytes_read };
  } finally {
    db.close();
  }
}

describe("scan --max-read-rate", () => {
  it("paces reads to the cap", () => {
    const root = join(workFolder, "tree");
    mkdirSync(root);
    // Real bytes, not sparse ones: the cap must hold for data that comes from the disk.
    for (let i = 0; i < fileCount; i++) writeFileSync(join(root, `blob${i}.dll`), Buffer.alloc(fileSizeInBytes, i + 1));
    const databasePath = join(workFolder, "capped.db");

    const result = runCli([
      "scan", "--quiet", "--db", databasePath, ...deviceOptions,
      "--max-read-rate", String(capInMegabytesPerSecond), root,
    ]);

    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const { seconds, bytesRead } = scanDurationInSeconds(databasePath);
    expect(bytesRead).toBe(fileCount * fileSizeInBytes);
    expect(seconds).toBeGreaterThanOrEqual(minimumCappedSeconds);
  });

  it.each(["0", "-5", "fast", "1e3", "200000"])("rejects '%s'", (value) => {
    const result = runCli(["scan", "--db", join(workFolder, "unused.db"), "--max-read-rate", value, workFolder]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--max-read-rate");
    expect(result.stderr).toContain("megabytes per second");
  });
});

describe("ReadRateLimiter", () => {
  const bookings = 8;
  const bytesPerBooking = 256 * 1024;
  const bytesPerSecond = 4 * megabyte;
  // 2 MiB at 4 MB/s is about 0.52 s; the first booking waits too, so no burst is free.
  const minimumMilliseconds = 400;

  it("paces consume to the rate", async () => {
    const limiter = new ReadRateLimiter(bytesPerSecond);
    const started = performance.now();
    for (let i = 0; i < bookings; i++) await limiter.consume(bytesPerBooking);
    expect(performance.now() - started).toBeGreaterThanOrEqual(minimumMilliseconds);
  });

  it("paces consumeSync to the rate", () => {
    const limiter = new ReadRateLimiter(bytesPerSecond);
    const started = performance.now();
    for (let i = 0; i < bookings; i++) limiter.consumeSync(bytesPerBooking);
    expect(performance.now() - started).toBeGreaterThanOrEqual(minimumMilliseconds);
  });

  it("rejects a rate that is not positive", () => {
    expect(() => new ReadRateLimiter(0)).toThrow(RangeError);
  });
});
