import { chmodSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliOptions } from "../support/cli.js";

const fixtures = fileURLToPath(new URL("../../native-fixtures", import.meta.url));
const iperiusRemoteRuleId = "e5dff9a2-f345-4ebb-b6ca-f39fde3984d2";

/**
 * A WAL database whose folder the reader cannot write: SQLite cannot create
 * the -shm file there, as on read-only evidence media. Root ignores modes, so
 * the reader is the nobody user when the tests run as root.
 */
describe("hunt over a database in a read-only folder", () => {
  let folder: string;
  let databasePath: string;
  const reader: CliOptions = process.getuid?.() === 0 ? { asUser: { uid: 65534, gid: 65534 } } : {};

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "signsweep-readonly-"));
    databasePath = join(folder, "evidence.db");
    expect(runCli(["scan", "--quiet", "--all-files", "--db", databasePath, fixtures]).status).toBe(0);
    chmodSync(databasePath, 0o444);
    chmodSync(folder, 0o555);
  });

  afterAll(() => {
    chmodSync(folder, 0o755);
    rmSync(folder, { recursive: true, force: true });
  });

  it("runs the hunt", () => {
    const result = runCli(["hunt", "--json", "--db", databasePath, "--rule", iperiusRemoteRuleId], reader);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { hunts: Array<{ results: unknown[] }> };
    expect(report.hunts[0]?.results).toHaveLength(1);
  });

  it("leaves the folder unchanged", () => {
    expect(readdirSync(folder)).toEqual(["evidence.db"]);
  });

  it("exports", () => {
    const result = runCli(["export", "--db", databasePath], reader);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty("format", "signsweep-findings");
  });
});
