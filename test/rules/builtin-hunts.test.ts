import { describe, expect, test } from "vitest";
import { runKql, runKqlBatch } from "../../src/kql/index.js";
import { findRules, loadBuiltinRules, type HuntingRule } from "../../src/rules/index.js";
import { certificateRow, hoursBefore } from "../support/certificate-rows.js";

const now = "2026-12-04T12:00:00.000Z";
const hoursPerDay = 24;
const device = { DeviceId: "a".repeat(40), DeviceName: "host1.example.org" };

/** Read the first quoted signer name in a rule's `where Signer has...` clause from the rule text. */
function firstSignerNeedle(rule: HuntingRule): string {
  const clause = rule.query.slice(rule.query.indexOf("Signer"));
  const match = /'([^']+)'/.exec(clause);
  if (!match) throw new Error(`${rule.source}: no quoted signer in the query`);
  return match[1]!;
}

describe("every built-in rule", () => {
  const rules = loadBuiltinRules();

  test.each(rules.map((rule) => [rule.source, rule] as const))("%s finds a recent signer only", (_source, rule) => {
    const needle = firstSignerNeedle(rule);
    const rows = [
      certificateRow({ ...device, ReportId: 1, Signer: needle, Timestamp: hoursBefore(now, 1) }),
      certificateRow({ ...device, ReportId: 2, Signer: `${needle} (old)`, Timestamp: hoursBefore(now, 6 * hoursPerDay) }),
      certificateRow({ ...device, ReportId: 3, Signer: "Contoso Ltd", Timestamp: hoursBefore(now, 1) }),
      certificateRow({ ...device, ReportId: 4, Signer: null, IsSigned: 0, Timestamp: hoursBefore(now, 1) }),
    ];
    const result = runKql(rule.kql, rows, { now });
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]!.Report).toEqual([1]);
    expect(result.rows[0]!.Count).toBe(1);
  });

  test("one pass over the rows runs them all", () => {
    const rows = [certificateRow({ ...device, ReportId: 7, Signer: "TeamViewer Germany GmbH", Timestamp: hoursBefore(now, 2) })];
    const results = runKqlBatch(rules.map((rule) => rule.kql), rows, { now });
    const hits = rules.filter((_rule, index) => results[index]!.rows.length > 0);
    expect(hits.map((rule) => rule.source)).toEqual(["rules/rmm/rmm_TeamViewer_filesig.yaml"]);
  });
});

describe("IperiusRemote rule", () => {
  const [rule] = findRules(["e5dff9a2-f345-4ebb-b6ca-f39fde3984d2"]);
  const otherDevice = { DeviceId: "b".repeat(40), DeviceName: "host2.example.org" };
  const rows = [
    certificateRow({ ...device, ReportId: 10, Signer: "ENTER S.R.L.", Timestamp: hoursBefore(now, 30) }),
    certificateRow({ ...device, ReportId: 11, Signer: "Enter S.r.l.", Timestamp: hoursBefore(now, 2) }),
    certificateRow({ ...device, ReportId: 12, Signer: "ENTER S.R.L.", Timestamp: hoursBefore(now, 5) }),
    certificateRow({ ...device, ReportId: 13, Signer: "Center Srl", Timestamp: hoursBefore(now, 1) }),
    certificateRow({ ...device, ReportId: 14, Signer: "Enterprise Srl", Timestamp: hoursBefore(now, 1) }),
    certificateRow({ ...device, ReportId: 15, Signer: "Nanosystems S.R.L.", Timestamp: hoursBefore(now, 1) }),
    certificateRow({ ...device, ReportId: 16, Signer: "Enter Srl", Timestamp: hoursBefore(now, 5 * hoursPerDay + 1) }),
    certificateRow({ ...otherDevice, ReportId: 20, Signer: "Enter Srl", Timestamp: hoursBefore(now, 3) }),
  ];

  test("summarises matching rows per device", () => {
    const result = runKql(rule!.kql, rows, { now });
    expect(result.columns.map((column) => column.name)).toEqual([
      "DeviceId", "DeviceName", "FirstSeen", "LastSeen", "Report", "Count",
    ]);
    expect(result.rows).toEqual([
      {
        ...device,
        FirstSeen: hoursBefore(now, 30),
        LastSeen: hoursBefore(now, 2),
        Report: [10, 11, 12],
        Count: 3,
      },
      {
        ...otherDevice,
        FirstSeen: hoursBefore(now, 3),
        LastSeen: hoursBefore(now, 3),
        Report: [20],
        Count: 1,
      },
    ]);
  });

  test("lists the rows behind each device", () => {
    const result = runKql(rule!.kql, rows, { now, withSourceRows: true });
    const reportIds = result.sourceRows!.map((sources) => sources.map((row) => row.ReportId));
    expect(reportIds).toEqual([[10, 11, 12], [20]]);
  });

  test("rows older than five days drop out", () => {
    // Five days later, less two and a half hours, only ReportId 11 (two hours old then) is in range.
    const later = hoursBefore(now, -(5 * hoursPerDay - 2.5));
    const result = runKql(rule!.kql, rows, { now: later });
    expect(result.rows.map((row) => [row.DeviceName, row.Report, row.Count])).toEqual([
      [device.DeviceName, [11], 1],
    ]);
  });
});
