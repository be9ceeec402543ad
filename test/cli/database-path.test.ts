/**
 * `--db` paths that cannot hold a signsweep database: each error names the
 * path and the fix, and a foreign SQLite file is left byte for byte unchanged.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../support/cli.js";

let folder: string;
let emptyRoot: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "signsweep-db-path-"));
  emptyRoot = join(folder, "root");
  mkdirSync(emptyRoot);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function scanInto(databasePath: string) {
  return runCli(["scan", "-q", "--device-name", "db-path-test", "--db", databasePath, emptyRoot]);
}

describe("--db errors", () => {
  test("folder is named", () => {
    const result = scanInto(folder);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`database path ${folder} is a folder`);
  });

  test("missing database for prune", () => {
    const missing = join(folder, "missing.db");
    const result = runCli(["prune", "--db", missing, "--older-than", "1d"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`database not found: ${missing}; run 'signsweep scan' first`);
  });

  test("file in place of a folder", () => {
    const plainFile = join(folder, "plainfile");
    writeFileSync(plainFile, "");
    const result = scanInto(join(plainFile, "x.db"));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`cannot create the folder ${plainFile}`);
    expect(result.stderr).toContain("a file is in the way");
    expect(result.stderr).not.toContain("EEXIST");
  });

  test("file that is not a database", () => {
    const text = join(folder, "notes.db");
    writeFileSync(text, "plain text, long enough to fill an SQLite header of 100 bytes. ".repeat(4));
    const result = scanInto(text);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`cannot open database ${text}: file is not a database`);
  });

  test("foreign SQLite file is left unchanged", () => {
    const foreign = join(folder, "foreign.db");
    execFileSync("sqlite3", [foreign, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('kept');"]);
    const before = readFileSync(foreign);

    const result = scanInto(foreign);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${foreign} is an SQLite database of another program`);
    expect(result.stderr).toContain("table 'notes'");
    expect(readFileSync(foreign).equals(before)).toBe(true);
  });

  test("new database is created", () => {
    const fresh = join(folder, "nested", "fresh.db");
    const result = scanInto(fresh);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
