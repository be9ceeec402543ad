import { describe, expect, test } from "vitest";
import { runKql, runKqlBatch } from "../../src/kql/index.js";
import { maxValueIdsPerColumn, parseTableDatetime } from "../../src/kql/row-conversion.js";
import { certificateRow } from "../support/certificate-rows.js";
import { testNow } from "../support/kql-eval.js";

describe("table datetimes", () => {
  test.each([
    "2026-12-04T15:25:46.000Z",
    "2026-12-04T15:25:46.123Z",
    "1999-01-31T00:00:00.999Z",
    "2026-12-04T15:25:46Z",
    "2026-12-04T17:25:46.000+02:00",
    "2026-12-04",
  ])("%s reads as Date.parse reads it", (text) => {
    expect(parseTableDatetime(text)).toBe(Date.parse(text));
  });

  test.each(["", "yesterday", "2026-13-04T15:25:46.000Z", "2026-12-04T15:2x:46.000Z"])(
    "'%s' is null",
    (text) => {
      expect(parseTableDatetime(text)).toBeNull();
    },
  );
});

describe("runs with filtered queries", () => {
  test("rows past the value id cap still reach the query", () => {
    const distinctSigners = maxValueIdsPerColumn + 10;
    const rows = Array.from({ length: distinctSigners }, (_unused, index) =>
      certificateRow({ ReportId: index, Signer: `Vendor ${index}` }),
    );
    rows.push(certificateRow({ ReportId: -1, Signer: "TeamViewer Germany GmbH" }));
    rows.push(certificateRow({ ReportId: -2, Signer: "Vendor 0" }));
    const queries = [
      "DeviceFileCertificateInfo | where Signer has 'TeamViewer' | project ReportId",
      "DeviceFileCertificateInfo | where Signer == 'Vendor 0' | project ReportId",
      `DeviceFileCertificateInfo | where Signer has 'Vendor ${distinctSigners - 1}' | project ReportId`,
      "DeviceFileCertificateInfo | count",
    ];
    const [teamViewer, vendorZero, lastVendor, count] = runKqlBatch(queries, rows, { now: testNow });
    expect(teamViewer!.rows).toEqual([{ ReportId: -1 }]);
    expect(vendorZero!.rows).toEqual([{ ReportId: 0 }, { ReportId: -2 }]);
    expect(lastVendor!.rows).toEqual([{ ReportId: distinctSigners - 1 }]);
    expect(count!.rows).toEqual([{ Count: distinctSigners + 2 }]);
  });

  test("a query sees rows in table order whatever runs beside it", () => {
    const rows = ["b", "a", "b", "c", "a"].map((signer, index) =>
      certificateRow({ ReportId: index, Signer: `${signer} corp`, Timestamp: testNow }),
    );
    const query = "DeviceFileCertificateInfo | where Signer has_any ('a', 'b') and Timestamp <= now() | project ReportId";
    const alone = runKql(query, rows, { now: testNow });
    const [beside] = runKqlBatch([query, "DeviceFileCertificateInfo | where Signer has 'c'"], rows, { now: testNow });
    expect(alone.rows).toEqual([0, 1, 2, 4].map((ReportId) => ({ ReportId })));
    expect(beside).toEqual(alone);
  });
});
