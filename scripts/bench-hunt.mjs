#!/usr/bin/env node
// Time `signsweep hunt` over a large table: sweep native-fixtures/ into a
// temporary database, add synthetic rows with SQL, then run every built-in
// rule in-process and through the CLI, export every row, and print the
// times and peak memory.
//
//   npm run build && node scripts/bench-hunt.mjs [--rows 200000]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { insertSyntheticRows } from "./lib/synthetic-rows.mjs";

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(repositoryRoot, "bin", "signsweep.js");
const deviceId = "b".repeat(40);
const deviceName = "bench-host.example";

/** Runs the CLI under /usr/bin/time and prints its wall time and peak resident memory. */
function timeCli(label, args) {
  const started = performance.now();
  const run = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, cli, ...args], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, XDG_DATA_HOME: join(folder, "data") },
  });
  const milliseconds = performance.now() - started;
  if (run.error) {
    console.log(`CLI ${label}: /usr/bin/time not available (${run.error.message})`);
    return;
  }
  const peakKiB = Number(run.stderr.trim().split("\n").at(-1));
  console.log(`CLI ${label}: exited ${run.status} after ${milliseconds.toFixed(0)} ms, peak RSS ${(peakKiB / 1024).toFixed(0)} MiB`);
}

const { values } = parseArgs({ options: { rows: { type: "string", default: "200000" } } });
const rowCount = Number(values.rows);

const folder = mkdtempSync(join(tmpdir(), "signsweep-bench-hunt-"));
const databasePath = join(folder, "signsweep.db");
try {
  // Step: a real sweep creates the schema and the scans row that rows point to.
  execFileSync(process.execPath, [
    cli, "scan", "--quiet", "--all-files", "--db", databasePath,
    "--device-id", deviceId, "--device-name", deviceName, join(repositoryRoot, "native-fixtures"),
  ]);
  const Database = createRequire(import.meta.url)("better-sqlite3");
  const db = new Database(databasePath);
  const started = performance.now();
  const inserted = insertSyntheticRows(db, { count: rowCount, scanId: 1, deviceId, deviceName });
  db.close();
  console.log(`inserted ${inserted} synthetic rows in ${(performance.now() - started).toFixed(0)} ms`);

  // Step: in-process, so the time excludes Node's start-up.
  const { huntDatabase } = await import(join(repositoryRoot, "dist/lib/hunt/index.js"));
  const { loadBuiltinRules } = await import(join(repositoryRoot, "dist/lib/rules/index.js"));
  const rules = loadBuiltinRules();
  const huntStarted = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = huntDatabase(databasePath, rules);
  const cpu = process.cpuUsage(cpuBefore);
  const huntMilliseconds = performance.now() - huntStarted;
  // CPU time varies less than wall time on a machine that runs other work.
  const cpuMilliseconds = (cpu.user + cpu.system) / 1000;
  console.log(
    `in-process: ${rules.length} rules over ${inserted} + fixture rows in ${huntMilliseconds.toFixed(0)} ms ` +
      `(${cpuMilliseconds.toFixed(0)} ms CPU); ` +
      `${report.summary.rulesMatched} matched, ${report.summary.resultRows} result rows`,
  );

  // Step: the whole CLI, with its peak resident memory from GNU time when present.
  timeCli("hunt --json", ["hunt", "--json", "--db", databasePath]);
  timeCli("export --rows", ["export", "--rows", "--db", databasePath, "--out", join(folder, "findings.json")]);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
