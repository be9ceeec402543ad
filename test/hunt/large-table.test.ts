import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { insertSyntheticRows } from "../../scripts/lib/synthetic-rows.mjs";
import {
  deviceId,
  deviceName,
  huntJson,
  iperiusRemoteRuleId,
  isoDaysAgo,
  querySql,
  sweepFixtures,
  type SweptFixtures,
} from "./swept-fixtures.js";

/** The table size that a hunt must handle in one streamed pass (timed by scripts/bench-hunt.mjs). */
const syntheticRowCount = 200_000;

let swept: SweptFixtures;

beforeAll(() => {
  swept = sweepFixtures("hunt-large");
  const db = new Database(swept.databasePath);
  try {
    const inserted = insertSyntheticRows(db, { count: syntheticRowCount, scanId: 1, deviceId, deviceName });
    expect(inserted).toBe(syntheticRowCount);
  } finally {
    db.close();
  }
});

afterAll(() => {
  rmSync(swept.folder, { recursive: true, force: true });
});

it("hunts a table of 200,000 rows", () => {
  const { run, document } = huntJson(swept);
  expect(run.status).toBe(0);

  const [expected] = querySql<{ count: number }>(
    swept.databasePath,
    "SELECT COUNT(*) AS count FROM DeviceFileCertificateInfo WHERE Signer IN (?, ?, ?) AND Timestamp >= ?",
    "Enter Srl", "ENTER S.R.L.", "Enter S.r.l.", isoDaysAgo(5),
  );
  const iperius = document.hunts.find((hunt) => hunt.id === iperiusRemoteRuleId)!;
  expect(iperius.results).toHaveLength(1);
  expect(iperius.results[0]!.Row["Count"]).toBe(expected!.count);
  expect(iperius.results[0]!.SourceRows).toHaveLength(expected!.count);
}, 600_000);
