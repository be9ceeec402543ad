import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deviceId,
  deviceName,
  huntJson,
  iperiusRemoteRuleId,
  isoDaysAgo,
  querySql,
  runSql,
  signsweep,
  sweepAgain,
  sweepFixtures,
  type HuntEntry,
  type SweptFixtures,
} from "./swept-fixtures.js";

/**
 * Signer names in native-fixtures/README.md that 'Enter Srl' or 'Enter S.R.L.'
 * match under KQL's `has` (whole terms, case-insensitive): "Center Srl",
 * "Enterprise Srl" and "Nanosystems S.R.L." are not among them.
 */
const iperiusSigners = ["Enter Srl", "ENTER S.R.L.", "Enter S.r.l."];
const lookalikeSigners = ["Center Srl", "Enterprise Srl", "Nanosystems S.R.L."];

interface ExpectedRow {
  ReportId: number;
  Timestamp: string;
  Signer: string;
  FileName: string;
  SignatureIndex: number;
}

/** The rows the IperiusRemote rule must see: its signers, inside its five-day window. */
function expectedIperiusRows(swept: SweptFixtures): ExpectedRow[] {
  return querySql<ExpectedRow>(
    swept.databasePath,
    `SELECT ReportId, Timestamp, Signer, FileName, SignatureIndex FROM DeviceFileCertificateInfo
     WHERE Signer IN (?, ?, ?) AND Timestamp >= ? ORDER BY ReportId`,
    ...iperiusSigners,
    isoDaysAgo(5),
  );
}

function iperiusHunt(swept: SweptFixtures, ...args: string[]): HuntEntry {
  const { document } = huntJson(swept, "--rule", iperiusRemoteRuleId, ...args);
  expect(document.hunts).toHaveLength(1);
  return document.hunts[0]!;
}

function writeAllowlist(swept: SweptFixtures, name: string, document: unknown): string {
  const path = join(swept.folder, name);
  writeFileSync(path, JSON.stringify(document, null, 2));
  return path;
}

const swepts: SweptFixtures[] = [];
function sweep(prefix: string): SweptFixtures {
  const swept = sweepFixtures(prefix);
  swepts.push(swept);
  return swept;
}

afterAll(() => {
  for (const swept of swepts) rmSync(swept.folder, { recursive: true, force: true });
});

describe("IperiusRemote rule", () => {
  let swept: SweptFixtures;
  beforeAll(() => {
    swept = sweep("hunt-iperius");
  });

  it("sees every signer the fixtures need", () => {
    const signers = querySql<{ Signer: string }>(swept.databasePath, "SELECT DISTINCT Signer FROM DeviceFileCertificateInfo");
    const names = signers.map((row) => row.Signer);
    for (const signer of [...iperiusSigners, ...lookalikeSigners]) expect(names).toContain(signer);
  });

  it("summarizes matches per device", () => {
    const expected = expectedIperiusRows(swept);
    expect(expected.length).toBeGreaterThan(0);
    const hunt = iperiusHunt(swept);

    expect(hunt.columns.map((column) => column.name)).toEqual([
      "DeviceId", "DeviceName", "FirstSeen", "LastSeen", "Report", "Count",
    ]);
    expect(hunt.results).toHaveLength(1);
    const row = hunt.results[0]!.Row;
    const timestamps = expected.map((match) => match.Timestamp).sort();
    expect(row["DeviceId"]).toBe(deviceId);
    expect(row["DeviceName"]).toBe(deviceName);
    expect(row["Count"]).toBe(expected.length);
    expect(row["FirstSeen"]).toBe(timestamps[0]);
    expect(row["LastSeen"]).toBe(timestamps.at(-1));
    expect([...(row["Report"] as number[])].sort((a, b) => a - b)).toEqual(expected.map((match) => match.ReportId));
  });

  it("lists the rows behind the result", () => {
    const expected = expectedIperiusRows(swept);
    const sources = iperiusHunt(swept).results[0]!.SourceRows;
    expect(sources.map((source) => source["ReportId"])).toEqual(expected.map((match) => match.ReportId));

    const signers = sources.map((source) => source["Signer"]);
    expect(signers).toContain("ENTER S.R.L.");
    expect(signers).toContain("Enter S.r.l.");
    for (const lookalike of lookalikeSigners) expect(signers).not.toContain(lookalike);

    const nested = sources.find(
      (source) => source["FileName"] === "other-nested-enter.exe" && source["SignatureIndex"] === 1,
    );
    expect(nested?.["Signer"]).toBe("Enter Srl");
    expect(nested?.["FolderPath"]).toBe(swept.root);
    expect(nested?.["SHA1"]).toMatch(/^[0-9a-f]{40}$/);
    expect(nested?.["SignerHash"]).toMatch(/^[0-9a-f]{40}$/);
    expect(nested?.["Allowed"]).toBe(false);
  });

  it("leaves out the other primary signer", () => {
    const sources = iperiusHunt(swept).results[0]!.SourceRows;
    const primary = sources.find((source) => source["FileName"] === "other-nested-enter.exe" && source["SignatureIndex"] === 0);
    expect(primary).toBeUndefined();
  });
});

describe("repeated sweeps and old rows", () => {
  it("doubles Count after a second sweep", () => {
    const swept = sweep("hunt-twice");
    const first = iperiusHunt(swept).results[0]!.Row;
    sweepAgain(swept);
    const second = iperiusHunt(swept).results[0]!.Row;

    expect(second["Count"]).toBe(2 * Number(first["Count"]));
    expect(second["Count"]).toBe(expectedIperiusRows(swept).length);
    expect(second["FirstSeen"]).toBe(first["FirstSeen"]);
    expect(Date.parse(String(second["LastSeen"]))).toBeGreaterThan(Date.parse(String(first["LastSeen"])));
  });

  it("drops rows older than five days", () => {
    const swept = sweep("hunt-old");
    const before = expectedIperiusRows(swept);
    const sixDaysAgo = isoDaysAgo(6);
    const aged = runSql(
      swept.databasePath,
      "UPDATE DeviceFileCertificateInfo SET Timestamp = ? WHERE FileName = 'enter-srl-ts.exe'",
      sixDaysAgo,
    );
    expect(aged).toBe(1);

    const after = expectedIperiusRows(swept);
    expect(after).toHaveLength(before.length - 1);
    const row = iperiusHunt(swept).results[0]!.Row;
    expect(row["Count"]).toBe(after.length);
    expect(row["Report"]).not.toContain(before.find((match) => match.FileName === "enter-srl-ts.exe")!.ReportId);

    runSql(swept.databasePath, "UPDATE DeviceFileCertificateInfo SET Timestamp = ?", sixDaysAgo);
    expect(iperiusHunt(swept).results).toEqual([]);
  });
});

describe("allowlists and exit status", () => {
  let swept: SweptFixtures;
  beforeAll(() => {
    swept = sweep("hunt-allow");
  });

  it("exits 3 on a match with --fail-on-match", () => {
    const run = signsweep(swept, ["hunt", "--db", swept.databasePath, "--fail-on-match"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(3);
  });

  it("exits 0 on a match without --fail-on-match", () => {
    const run = signsweep(swept, ["hunt", "--db", swept.databasePath]);
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(/^MATCH: .*IperiusRemote/);
  });

  it("marks every match allowed by a path glob", () => {
    // Upper case: the glob must match the full path case-insensitively.
    const allowlist = writeAllowlist(swept, "allow-all.json", {
      entries: [{ path: `${swept.root.toUpperCase()}/**`, reason: "lab fixtures, not a real install" }],
    });
    const { run, document } = huntJson(swept, "--allow", allowlist, "--fail-on-match");
    expect(run.status).toBe(0);
    expect(document.allowlists).toEqual([allowlist]);

    const matched = document.hunts.filter((hunt) => hunt.results.length > 0);
    expect(matched.map((hunt) => hunt.id)).toContain(iperiusRemoteRuleId);
    for (const hunt of matched) {
      expect(hunt.unallowedResultCount).toBe(0);
      for (const result of hunt.results) {
        expect(result.Allowed).toBe(true);
        expect(result.AllowReason).toBe("lab fixtures, not a real install");
        for (const source of result.SourceRows) expect(source["Allowed"]).toBe(true);
      }
    }
    expect(document.summary.rulesWithUnallowedResults).toBe(0);
  });

  it("allows by SignerHash within one rule only", () => {
    const hashes = querySql<{ SignerHash: string }>(
      swept.databasePath,
      "SELECT DISTINCT SignerHash FROM DeviceFileCertificateInfo WHERE Signer IN (?, ?, ?)",
      ...iperiusSigners,
    );
    const allowlist = writeAllowlist(swept, "allow-enter.json", {
      entries: hashes.map((row) => ({
        SignerHash: row.SignerHash.toUpperCase(),
        DeviceName: deviceName,
        reason: "Iperius Backup licensed by IT",
      })),
    });
    const onlyIperius = huntJson(swept, "--allow", allowlist, "--fail-on-match", "--rule", iperiusRemoteRuleId);
    expect(onlyIperius.run.status).toBe(0);
    expect(onlyIperius.document.hunts[0]!.results[0]!.Allowed).toBe(true);

    // The SupRemo rule still matches "Nanosystems S.R.L.", which no entry covers.
    const everyRule = huntJson(swept, "--allow", allowlist, "--fail-on-match");
    expect(everyRule.run.status).toBe(3);
  });

  it("does not allow a row that one field misses", () => {
    const allowlist = writeAllowlist(swept, "allow-other-device.json", {
      entries: [{ path: `${swept.root}/**`, DeviceName: "another-host.example", reason: "other host" }],
    });
    const hunt = iperiusHunt(swept, "--allow", allowlist);
    expect(hunt.results[0]!.Allowed).toBe(false);
    expect(hunt.results[0]!.SourceRows.every((source) => source["Allowed"] === false)).toBe(true);
  });

  it("reads allowlist.json beside the database", () => {
    const besideDatabase = join(swept.databasePath, "..", "allowlist.json");
    writeFileSync(besideDatabase, JSON.stringify({ entries: [{ path: "**/enter-srl-ts.exe", reason: "test build" }] }));
    try {
      const { document } = huntJson(swept, "--rule", iperiusRemoteRuleId);
      expect(document.allowlists).toEqual([besideDatabase]);
      const sources = document.hunts[0]!.results[0]!.SourceRows;
      const allowed = sources.filter((source) => source["Allowed"]);
      expect(allowed.map((source) => source["FileName"])).toEqual(["enter-srl-ts.exe"]);
      expect(allowed[0]!["AllowReason"]).toBe("test build");
      // One allowed row of several leaves the result row not allowed.
      expect(document.hunts[0]!.results[0]!.Allowed).toBe(false);
    } finally {
      rmSync(besideDatabase);
    }
  });

  it("rejects an entry without a reason", () => {
    const allowlist = writeAllowlist(swept, "no-reason.json", {
      entries: [{ SHA1: "a".repeat(40), reason: "fine" }, { SignerHash: "b".repeat(40) }],
    });
    const run = signsweep(swept, ["hunt", "--db", swept.databasePath, "--allow", allowlist]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(allowlist);
    expect(run.stderr).toContain("entries[1]");
    expect(run.stderr).toContain('add "reason"');
  });

  it("rejects an unknown key", () => {
    const allowlist = writeAllowlist(swept, "unknown-key.json", {
      entries: [{ sha1: "a".repeat(40), reason: "typo in the key" }],
    });
    const run = signsweep(swept, ["hunt", "--db", swept.databasePath, "--allow", allowlist]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("entries[0]");
    expect(run.stderr).toContain("unknown key 'sha1'");
  });
});

describe("hunt command", () => {
  let swept: SweptFixtures;
  beforeAll(() => {
    swept = sweep("hunt-command");
  });

  it("runs every built-in rule by default", () => {
    const ruleFolder = fileURLToPath(new URL("../../rules/rmm", import.meta.url));
    const ruleFiles = readdirSync(ruleFolder).filter((name) => name.endsWith(".yaml"));
    const { document } = huntJson(swept);
    expect(document.summary.rulesRun).toBe(ruleFiles.length);
    expect(document.hunts).toHaveLength(ruleFiles.length);

    const run = signsweep(swept, ["hunt", "--db", swept.databasePath]);
    const summary = run.stdout.trimEnd().split("\n").at(-1);
    expect(summary).toMatch(new RegExp(`^${ruleFiles.length} rules run, ${document.summary.rulesMatched} matched`));
  });

  it("runs an ad-hoc query", () => {
    const [expected] = querySql<{ count: number }>(
      swept.databasePath,
      "SELECT COUNT(*) AS count FROM DeviceFileCertificateInfo WHERE IsSigned = 0",
    );
    const { document } = huntJson(swept, "--query", "DeviceFileCertificateInfo | where IsSigned == 0 | count");
    expect(document.hunts).toHaveLength(1);
    expect(document.hunts[0]!.results[0]!.Row["Count"]).toBe(expected!.count);
  });

  it("reports a query syntax error's position", () => {
    // "hass" starts at column 16 of the second line.
    const query = "DeviceFileCertificateInfo\n| where Signer hass 'Enter'";
    const run = signsweep(swept, ["hunt", "--db", swept.databasePath, "--query", query]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("line 2, column 16");
  });

  it("names a missing database and the fix", () => {
    const missing = join(swept.folder, "absent", "signsweep.db");
    const run = signsweep(swept, ["hunt", "--db", missing]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(missing);
    expect(run.stderr).toContain("signsweep scan");
  });
});
