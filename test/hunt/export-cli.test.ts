import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dayInMilliseconds,
  deviceId,
  deviceName,
  huntJson,
  isoDaysAgo,
  querySql,
  runSql,
  signsweep,
  sweepFixtures,
  type SweptFixtures,
} from "./swept-fixtures.js";

const schemaPath = fileURLToPath(new URL("../../schema/signsweep-export.schema.json", import.meta.url));
const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as {
  $defs: { tableRow: { properties: Record<string, unknown> } };
};
const ajv = new Ajv2020.default({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

interface ExportDocument {
  format: string;
  formatVersion: number;
  generatedAt: string;
  since: string | null;
  device: { DeviceId: string; DeviceName: string; scannedDevices: { DeviceId: string; DeviceName: string }[] };
  scans: { id: number; status: string; roots: string[]; counts: { signatureRows: number } }[];
  hunts: unknown[];
  columns?: { name: string; type: string }[];
  rows?: Record<string, unknown>[];
  rowCount?: number;
}

interface StoredRow {
  ReportId: number;
  Timestamp: string;
  IsSigned: number;
  CrlDistributionPointUrls: string | null;
  CertificateExpirationTime: string | null;
}

let swept: SweptFixtures;

beforeAll(() => {
  swept = sweepFixtures("export");
});

afterAll(() => {
  rmSync(swept.folder, { recursive: true, force: true });
});

function exportToStdout(...args: string[]): ExportDocument {
  const run = signsweep(swept, ["export", "--db", swept.databasePath, ...args]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as ExportDocument;
}

function expectValid(document: unknown): void {
  const valid = validate(document);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

describe("export document", () => {
  it("validates without rows", () => {
    const document = exportToStdout();
    expectValid(document);
    expect(document.format).toBe("signsweep-findings");
    expect(document.since).toBeNull();
    expect(document.rows).toBeUndefined();
    expect(document.device.scannedDevices).toEqual([{ DeviceId: deviceId, DeviceName: deviceName }]);
  });

  it("validates with rows", () => {
    const document = exportToStdout("--rows");
    expectValid(document);
    const [count] = querySql<{ count: number }>(swept.databasePath, "SELECT COUNT(*) AS count FROM DeviceFileCertificateInfo");
    expect(document.rowCount).toBe(count!.count);
    expect(document.rows).toHaveLength(count!.count);
  });

  it("carries the same hunts as hunt --json", () => {
    const document = exportToStdout();
    const { document: hunt } = huntJson(swept);
    expect(document.hunts).toEqual(hunt.hunts);
  });

  it("lists the sweep with its counts", () => {
    const document = exportToStdout();
    const scans = querySql<{ id: number; signature_rows: number }>(swept.databasePath, "SELECT id, signature_rows FROM scans");
    expect(document.scans.map((scan) => scan.id)).toEqual(scans.map((scan) => scan.id));
    expect(document.scans[0]!.counts.signatureRows).toBe(scans[0]!.signature_rows);
    expect(document.scans[0]!.roots).toEqual([swept.root]);
    expect(document.scans[0]!.status).toBe("completed");
  });

  it("keeps Defender's types in rows", () => {
    const document = exportToStdout("--rows");
    const stored = querySql<StoredRow>(
      swept.databasePath,
      "SELECT ReportId, Timestamp, IsSigned, CrlDistributionPointUrls, CertificateExpirationTime FROM DeviceFileCertificateInfo ORDER BY ReportId",
    );
    const rows = document.rows!;
    expect(rows.map((row) => row["ReportId"])).toEqual(stored.map((row) => row.ReportId));
    rows.forEach((row, index) => {
      const expected = stored[index]!;
      expect(row["IsSigned"]).toBe(expected.IsSigned === 1);
      expect(row["Timestamp"]).toBe(expected.Timestamp);
      expect(row["CertificateExpirationTime"]).toBe(expected.CertificateExpirationTime);
      expect(row["CrlDistributionPointUrls"]).toBe(expected.CrlDistributionPointUrls);
    });

    const signed = rows.find((row) => row["IsSigned"] === true)!;
    expect(typeof signed["CrlDistributionPointUrls"]).toBe("string");
    expect(Array.isArray(JSON.parse(String(signed["CrlDistributionPointUrls"])))).toBe(true);
    expect(typeof signed["SignatureIndex"]).toBe("number");
    expect(rows.some((row) => row["IsSigned"] === false)).toBe(true);
  });

  it("lists every column the schema names", () => {
    const document = exportToStdout("--rows");
    const schemaColumns = Object.keys(schema.$defs.tableRow.properties);
    expect(document.columns!.map((column) => column.name)).toEqual(schemaColumns);
    expect(Object.keys(document.rows![0]!)).toEqual(schemaColumns);
  });
});

describe("export of damaged rows", () => {
  it("turns values of the wrong kind into null", () => {
    const damaged = sweepFixtures("export-damaged");
    try {
      const [target] = querySql<{ ReportId: number }>(
        damaged.databasePath,
        "SELECT ReportId FROM DeviceFileCertificateInfo WHERE IsSigned = 1 ORDER BY ReportId LIMIT 1",
      );
      runSql(
        damaged.databasePath,
        `UPDATE DeviceFileCertificateInfo
           SET FileSize = 'large', CertificateCreationTime = 'yesterday', IsSigned = 7
         WHERE ReportId = ?`,
        target!.ReportId,
      );
      const run = signsweep(damaged, ["export", "--db", damaged.databasePath, "--rows"]);
      expect(run.status).toBe(0);
      const document = JSON.parse(run.stdout) as ExportDocument;
      expectValid(document);
      const row = document.rows!.find((candidate) => candidate["ReportId"] === target!.ReportId)!;
      expect(row["FileSize"]).toBeNull();
      expect(row["CertificateCreationTime"]).toBeNull();
      expect(row["IsSigned"]).toBe(true);
    } finally {
      rmSync(damaged.folder, { recursive: true, force: true });
    }
  });
});

describe("export --since", () => {
  it("leaves out rows before the range", () => {
    const agedSwept = sweepFixtures("export-since");
    try {
      const aged = runSql(
        agedSwept.databasePath,
        "UPDATE DeviceFileCertificateInfo SET Timestamp = ? WHERE FileName LIKE 'enter-srl-%'",
        isoDaysAgo(10),
      );
      expect(aged).toBeGreaterThan(0);
      const run = signsweep(agedSwept, ["export", "--db", agedSwept.databasePath, "--rows", "--since", "7d"]);
      expect(run.status).toBe(0);
      const document = JSON.parse(run.stdout) as ExportDocument;
      expectValid(document);

      const since = Date.parse(document.since!);
      expect(Date.parse(document.generatedAt) - since).toBe(7 * dayInMilliseconds);
      const [recent] = querySql<{ count: number }>(
        agedSwept.databasePath,
        "SELECT COUNT(*) AS count FROM DeviceFileCertificateInfo WHERE Timestamp >= ?",
        document.since,
      );
      expect(document.rowCount).toBe(recent!.count);
      expect(document.rows!.some((row) => String(row["FileName"]).startsWith("enter-srl-"))).toBe(false);
      for (const row of document.rows!) expect(Date.parse(String(row["Timestamp"]))).toBeGreaterThanOrEqual(since);
    } finally {
      rmSync(agedSwept.folder, { recursive: true, force: true });
    }
  });

  it("rejects an invalid duration", () => {
    const run = signsweep(swept, ["export", "--db", swept.databasePath, "--since", "seven days"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--since");
  });
});

describe("export --out", () => {
  it("writes to stdout for -", () => {
    const document = exportToStdout("--out", "-");
    expectValid(document);
  });

  it("creates the folder and leaves no temporary file", () => {
    const folder = join(swept.folder, "upload", "today");
    const out = join(folder, "findings.json");
    const run = signsweep(swept, ["export", "--db", swept.databasePath, "--rows", "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("");
    expect(readdirSync(folder)).toEqual(["findings.json"]);
    expectValid(JSON.parse(readFileSync(out, "utf8")));
  });

  it("replaces an earlier export", () => {
    const out = join(swept.folder, "replace", "findings.json");
    signsweep(swept, ["export", "--db", swept.databasePath, "--out", out]);
    const first = JSON.parse(readFileSync(out, "utf8")) as ExportDocument;
    const run = signsweep(swept, ["export", "--db", swept.databasePath, "--rows", "--out", out]);
    expect(run.status).toBe(0);
    const second = JSON.parse(readFileSync(out, "utf8")) as ExportDocument;
    expect(first.rows).toBeUndefined();
    expect(second.rows?.length).toBeGreaterThan(0);
    expect(readdirSync(join(swept.folder, "replace"))).toEqual(["findings.json"]);
  });

  it("names a missing database", () => {
    const missing = join(swept.folder, "absent.db");
    const out = join(swept.folder, "never", "findings.json");
    const run = signsweep(swept, ["export", "--db", missing, "--out", out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(missing);
    expect(() => readdirSync(join(swept.folder, "never"))).toThrow();
  });
});
