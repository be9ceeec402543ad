import { describe, expect, it } from "vitest";
import { earliestTimestampNeeded } from "../../src/hunt/time-window.js";
import { parseKql } from "../../src/kql/index.js";

const now = new Date("2026-12-04T12:00:00.000Z");
const day = 86_400_000;
/** The bound is lowered by a day of slack before SQLite compares it as text. */
const slackDays = 1;

function isoDaysBeforeNow(days: number): string {
  return new Date(now.getTime() - (days + slackDays) * day).toISOString();
}

describe("earliestTimestampNeeded", () => {
  const cases: Array<{ name: string; queries: string[]; want: string | undefined }> = [
    {
      name: "built-in rule shape",
      queries: [
        "let Time_start = now(-5d);\nlet Time_end = now();\nDeviceFileCertificateInfo\n" +
          "| where Timestamp between (Time_start..Time_end)\n| where Signer has 'x'\n| summarize count() by DeviceId",
      ],
      want: isoDaysBeforeNow(5),
    },
    { name: "ago", queries: ["DeviceFileCertificateInfo | where Timestamp > ago(2d)"], want: isoDaysBeforeNow(2) },
    {
      name: "datetime literal",
      queries: ["DeviceFileCertificateInfo | where datetime(2026-11-01) <= Timestamp"],
      want: new Date(Date.UTC(2026, 10, 1) - slackDays * day).toISOString(),
    },
    {
      name: "conjunction keeps the later bound",
      queries: ["DeviceFileCertificateInfo | where Timestamp >= ago(9d) and Timestamp >= now(-3d)"],
      want: isoDaysBeforeNow(3),
    },
    {
      name: "earliest of several queries",
      queries: [
        "DeviceFileCertificateInfo | where Timestamp >= ago(3d)",
        "DeviceFileCertificateInfo | where Timestamp >= ago(7d)",
      ],
      want: isoDaysBeforeNow(7),
    },
    {
      name: "query without a window",
      queries: ["DeviceFileCertificateInfo | where Timestamp >= ago(3d)", "DeviceFileCertificateInfo | count"],
      want: undefined,
    },
    { name: "disjunction", queries: ["DeviceFileCertificateInfo | where Timestamp >= ago(3d) or IsSigned == 0"], want: undefined },
    { name: "negated between", queries: ["DeviceFileCertificateInfo | where Timestamp !between (ago(3d)..now())"], want: undefined },
    { name: "upper bound only", queries: ["DeviceFileCertificateInfo | where Timestamp <= ago(3d)"], want: undefined },
    {
      name: "window after another step",
      queries: ["DeviceFileCertificateInfo | extend Timestamp = now() | where Timestamp >= ago(3d)"],
      want: undefined,
    },
  ];
  for (const { name, queries, want } of cases) {
    it(name, () => {
      expect(earliestTimestampNeeded(queries.map(parseKql), now)).toBe(want);
    });
  }
});
