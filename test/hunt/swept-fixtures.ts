import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { expect } from "vitest";
import { runCli, type CliRun } from "../support/cli.js";

export const nativeFixtures = fileURLToPath(new URL("../../native-fixtures", import.meta.url));
export const deviceId = "d".repeat(40);
export const deviceName = "hunt-host.example";
export const iperiusRemoteRuleId = "e5dff9a2-f345-4ebb-b6ca-f39fde3984d2";
export const dayInMilliseconds = 86_400_000;

/** A copy of native-fixtures/ and a database the real CLI swept it into. */
export interface SweptFixtures {
  folder: string;
  root: string;
  databasePath: string;
  /** Keeps the CLI's data folder (the host's device-id file) inside `folder`. */
  env: NodeJS.ProcessEnv;
}

/** Copies native-fixtures/ into a new temporary folder and sweeps it once with --all-files. */
export function sweepFixtures(prefix: string): SweptFixtures {
  const folder = mkdtempSync(join(tmpdir(), `signsweep-${prefix}-`));
  const root = join(folder, "Fixtures");
  cpSync(nativeFixtures, root, { recursive: true });
  mkdirSync(join(folder, "db"));
  const swept = {
    folder,
    root,
    databasePath: join(folder, "db", "signsweep.db"),
    env: { XDG_DATA_HOME: join(folder, "data") },
  };
  try {
    sweepAgain(swept);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  return swept;
}

/** Sweeps the same folder into the same database again. */
export function sweepAgain(swept: SweptFixtures): void {
  const result = signsweep(swept, [
    "scan", "--quiet", "--all-files", "--db", swept.databasePath,
    "--device-id", deviceId, "--device-name", deviceName, swept.root,
  ]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
}

export function signsweep(swept: SweptFixtures, args: readonly string[]): CliRun {
  return runCli(args, { env: swept.env });
}

/** Runs `hunt --json` with `args` and parses its output. */
export function huntJson(swept: SweptFixtures, ...args: string[]): { run: CliRun; document: HuntDocument } {
  const run = signsweep(swept, ["hunt", "--json", "--db", swept.databasePath, ...args]);
  expect(run.stderr).toBe("");
  return { run, document: JSON.parse(run.stdout) as HuntDocument };
}

/** The parts of `hunt --json` output that the tests read, typed loosely on purpose. */
export interface HuntDocument {
  allowlists: string[];
  summary: { rulesRun: number; rulesMatched: number; rulesWithUnallowedResults: number };
  hunts: HuntEntry[];
}

export interface HuntEntry {
  id: string;
  name: string;
  columns: { name: string; type: string }[];
  results: {
    Row: Record<string, unknown>;
    Allowed: boolean;
    AllowReason: string | null;
    SourceRows: Record<string, unknown>[];
  }[];
  unallowedResultCount: number;
}

export function querySql<T>(databasePath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function runSql(databasePath: string, sql: string, ...params: unknown[]): number {
  const db = new Database(databasePath, { fileMustExist: true });
  try {
    return db.prepare(sql).run(...params).changes;
  } finally {
    db.close();
  }
}

/** ISO 8601 UTC with milliseconds, as the table stores datetimes. */
export function isoDaysAgo(days: number): string {
  return new Date(Date.now() - days * dayInMilliseconds).toISOString();
}
