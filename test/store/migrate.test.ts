import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { openWithBetterSqlite3 } from "../../src/store/better-sqlite3-driver.js";
import { openDatabase } from "../../src/store/open-database.js";
import { migrate, SCHEMA_VERSION } from "../../src/store/schema.js";

const folder = mkdtempSync(join(tmpdir(), "signsweep-migrate-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it("migrates a version 1 database forward", () => {
  // A database as the first release wrote it, with one sweep and one cached file.
  const path = join(folder, "v1.db");
  const old = openWithBetterSqlite3(path, {});
  migrate(old, 1);
  old.exec(`INSERT INTO scans (DeviceId, DeviceName, started_at, status, roots, options)
            VALUES ('${"a".repeat(40)}', 'host', '2026-01-01T00:00:00.000Z', 'completed', '[]', '{}')`);
  old.exec(`INSERT INTO file_cache (DeviceId, path, size, mtime_ns, file_id, is_pe, report, last_scan_id)
            VALUES ('${"a".repeat(40)}', '/x.exe', 10, '1', '1:2', 1, '{}', 1)`);
  expect(old.prepare("PRAGMA user_version").get()?.["user_version"]).toBe(1);
  old.close();

  const db = openDatabase(path);
  expect(db.prepare("PRAGMA user_version").get()?.["user_version"]).toBe(SCHEMA_VERSION);
  const cached = db.prepare("SELECT path, ctime_ns, reader_version FROM file_cache").all();
  expect(cached).toEqual([{ path: "/x.exe", ctime_ns: "", reader_version: "" }]);
  expect(db.prepare("PRAGMA integrity_check").get()?.["integrity_check"]).toBe("ok");
  db.close();
});
