#!/usr/bin/env node
// Time `signsweep hunt --json` over 200,000 synthetic rows twice: with every
// row inside the built-in rules' five-day window, then with 90 % of them
// moved 30 days back, as a table keeping a month of daily sweeps would look.
// The hunt reads only rows inside its queries' Timestamp window, so the
// second run should be faster. Prints the median of three runs of each.
//
//   npm run build && node scripts/bench-hunt-window.mjs [--rows 200000]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { insertSyntheticRows } from "./lib/synthetic-rows.mjs";

const { values } = parseArgs({ options: { rows: { type: "string", default: "200000" } } });
const rowCount = Number(values.rows);
const cli = fileURLToPath(new URL("../bin/signsweep.js", import.meta.url));
const fixtures = fileURLToPath(new URL("../native-fixtures", import.meta.url));
const repetitions = 3;

const folder = mkdtempSync(join(tmpdir(), "signsweep-bench-window-"));
try {
  const databasePath = join(folder, "hunt.db");
  execFileSync(process.execPath, [cli, "scan", "--quiet", "--all-files", "--db", databasePath, fixtures]);
  const db = new Database(databasePath);
  const device = db.prepare("SELECT DeviceId, DeviceName FROM scans").get();
  insertSyntheticRows(db, { count: rowCount, scanId: 1, deviceId: device.DeviceId, deviceName: device.DeviceName });
  db.close();

  const medianHuntMilliseconds = () => {
    const times = [];
    for (let run = 0; run < repetitions; run++) {
      const started = performance.now();
      execFileSync(process.execPath, [cli, "hunt", "--json", "--db", databasePath], { maxBuffer: 1 << 28 });
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[Math.floor(repetitions / 2)];
  };

  console.log(`${rowCount} rows, all inside the window: ${medianHuntMilliseconds().toFixed(0)} ms`);
  const aged = new Database(databasePath);
  aged
    .prepare(
      `UPDATE DeviceFileCertificateInfo
          SET Timestamp = strftime('%Y-%m-%dT%H:%M:%fZ', Timestamp, '-30 days')
        WHERE ReportId % 10 != 0`,
    )
    .run();
  aged.close();
  console.log(`${rowCount} rows, 90 % of them 30 days old: ${medianHuntMilliseconds().toFixed(0)} ms`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
