import { describe, expect, test } from "vitest";
import { runKql, runKqlBatch, type KqlResult } from "../../src/kql/index.js";
import { certificateRow } from "../support/certificate-rows.js";
import { testNow } from "../support/kql-eval.js";

const table = [
  certificateRow({ ReportId: 1, DeviceId: "d1", Signer: "Zoho Corporation", FileSize: 300, Timestamp: "2026-12-04T01:00:00.000Z" }),
  certificateRow({ ReportId: 2, DeviceId: "d1", Signer: "TeamViewer Germany GmbH", FileSize: 100, Timestamp: "2026-12-04T03:00:00.000Z" }),
  certificateRow({ ReportId: 3, DeviceId: "d2", Signer: "Zoho Corporation", FileSize: null, Timestamp: "2026-12-04T02:00:00.000Z" }),
  certificateRow({ ReportId: 4, DeviceId: "d2", Signer: null, FileSize: 200, Timestamp: "2026-12-04T04:00:00.000Z" }),
];

function run(query: string): KqlResult {
  return runKql(`DeviceFileCertificateInfo ${query}`, table, { now: testNow });
}

function column(result: KqlResult, name: string): unknown[] {
  return result.rows.map((row) => row[name]);
}

describe("where, take and count", () => {
  test("where keeps rows whose predicate is true", () => {
    expect(column(run("| where Signer has 'zoho'"), "ReportId")).toEqual([1, 3]);
  });

  test("filter is a synonym of where", () => {
    expect(column(run("| filter FileSize > 150"), "ReportId")).toEqual([1, 4]);
  });

  test("take and limit keep the first rows", () => {
    expect(column(run("| take 2"), "ReportId")).toEqual([1, 2]);
    expect(column(run("| limit 1"), "ReportId")).toEqual([1]);
  });

  test("count gives one row named Count", () => {
    expect(run("| where DeviceId == 'd2' | count").rows).toEqual([{ Count: 2 }]);
    expect(run("| where DeviceId == 'none' | count").rows).toEqual([{ Count: 0 }]);
  });
});

describe("summarize", () => {
  test("default names and by columns first", () => {
    const result = run("| summarize count(), min(Timestamp), max(FileSize), make_set(Signer) by DeviceId");
    expect(result.columns.map((c) => c.name)).toEqual(["DeviceId", "count_", "min_Timestamp", "max_FileSize", "set_Signer"]);
    expect(result.rows[1]).toEqual({
      DeviceId: "d2",
      count_: 2,
      min_Timestamp: "2026-12-04T02:00:00.000Z",
      max_FileSize: 200,
      set_Signer: ["Zoho Corporation", ""],
    });
  });

  test("named aggregations", () => {
    const result = run("| summarize Files=count(), Big=countif(FileSize > 150), Devices=dcount(DeviceId), Total=sum(FileSize)");
    expect(result.rows).toEqual([{ Files: 4, Big: 2, Devices: 2, Total: 600 }]);
  });

  test("make_set is distinct and make_list keeps repeats", () => {
    const result = run("| summarize Signers=make_set(Signer), All=make_list(Signer), Sizes=make_list(FileSize)");
    expect(result.rows[0]!.Signers).toEqual(["Zoho Corporation", "TeamViewer Germany GmbH", ""]);
    expect(result.rows[0]!.All).toHaveLength(4);
    expect(result.rows[0]!.Sizes).toEqual([300, 100, 200]);
  });

  test("by over no rows gives no rows", () => {
    expect(run("| where ReportId > 10 | summarize count() by DeviceId").rows).toEqual([]);
  });

  test("no by over no rows gives one row of defaults", () => {
    const result = run("| where ReportId > 10 | summarize count(), countif(true), make_set(Signer), min(Timestamp)");
    expect(result.rows).toEqual([{ count_: 0, countif_: 0, set_Signer: [], min_Timestamp: null }]);
  });

  test("summarize by only lists distinct keys", () => {
    expect(run("| summarize by DeviceId").rows).toEqual([{ DeviceId: "d1" }, { DeviceId: "d2" }]);
  });

  test("by bin() keeps the column name", () => {
    const result = run("| summarize n=count() by bin(Timestamp, 2h)");
    expect(result.rows).toEqual([
      { Timestamp: "2026-12-04T00:00:00.000Z", n: 1 },
      { Timestamp: "2026-12-04T02:00:00.000Z", n: 2 },
      { Timestamp: "2026-12-04T04:00:00.000Z", n: 1 },
    ]);
  });

  test("arg_max with * returns the whole latest row", () => {
    const result = run("| summarize arg_max(Timestamp, *) by DeviceId");
    expect(result.columns.slice(0, 3).map((c) => c.name)).toEqual(["DeviceId", "Timestamp", "DeviceName"]);
    expect(column(result, "ReportId")).toEqual([2, 4]);
    expect(result.columns.filter((c) => c.name === "DeviceId")).toHaveLength(1);
  });

  test("arg_min with listed columns", () => {
    const result = run("| summarize arg_min(FileSize, ReportId, Signer)");
    expect(result.rows).toEqual([{ FileSize: 100, ReportId: 2, Signer: "TeamViewer Germany GmbH" }]);
  });

  test("repeated default names get a suffix", () => {
    const result = run("| summarize count(), count()");
    expect(result.columns.map((c) => c.name)).toEqual(["count_", "count_1"]);
  });
});

describe("extend, project and distinct", () => {
  test("extend appends and may use earlier new columns", () => {
    const result = run("| extend Kb = FileSize / 100, Twice = Kb * 2 | where ReportId == 1 | project Kb, Twice");
    expect(result.rows).toEqual([{ Kb: 3, Twice: 6 }]);
  });

  test("extend replaces a column of the same name", () => {
    const result = run("| extend Signer = tolower(Signer) | take 1");
    expect(result.rows[0]!.Signer).toBe("zoho corporation");
    expect(result.columns.filter((c) => c.name === "Signer")).toHaveLength(1);
  });

  test("project keeps order and renames", () => {
    const result = run("| project Id=ReportId, DeviceId, Column1=1 | take 1");
    expect(result.rows).toEqual([{ Id: 1, DeviceId: "d1", Column1: 1 }]);
  });

  test("project-away drops columns", () => {
    const result = run("| project-away Timestamp, DeviceName");
    expect(result.columns.map((c) => c.name)).not.toContain("Timestamp");
    expect(result.columns.map((c) => c.name)).toContain("ReportId");
  });

  test("distinct lists value combinations once", () => {
    expect(run("| distinct Signer").rows).toEqual([
      { Signer: "Zoho Corporation" },
      { Signer: "TeamViewer Germany GmbH" },
      { Signer: "" },
    ]);
    expect(run("| distinct *").rows).toHaveLength(4);
  });
});

describe("sort and top", () => {
  test("sort by defaults to descending", () => {
    expect(column(run("| sort by ReportId"), "ReportId")).toEqual([4, 3, 2, 1]);
  });

  test("order by asc, with nulls first by default", () => {
    expect(column(run("| order by FileSize asc"), "ReportId")).toEqual([3, 2, 4, 1]);
  });

  test("nulls last when descending, unless told", () => {
    expect(column(run("| sort by FileSize desc"), "ReportId")).toEqual([1, 4, 2, 3]);
    expect(column(run("| sort by FileSize desc nulls first"), "ReportId")).toEqual([3, 1, 4, 2]);
  });

  test("sort by two keys", () => {
    expect(column(run("| sort by DeviceId asc, Timestamp desc"), "ReportId")).toEqual([2, 1, 4, 3]);
  });

  test("top takes the first rows of a sort", () => {
    expect(column(run("| top 2 by Timestamp"), "ReportId")).toEqual([4, 2]);
  });
});

describe("statements", () => {
  test("scalar and tabular lets", () => {
    const query = `
      let big = 150;
      let Big = DeviceFileCertificateInfo | where FileSize > big;
      Big | project ReportId`;
    expect(column(runKql(query, table), "ReportId")).toEqual([1, 4]);
  });

  test("a bare tabular let name is a query", () => {
    const query = "let Zoho = DeviceFileCertificateInfo | where Signer has 'zoho'; Zoho";
    expect(runKql(query, table).rows).toHaveLength(2);
  });

  test("now() is fixed once per run", () => {
    const query = "DeviceFileCertificateInfo | project a = now(), b = now() | distinct a, b";
    const result = runKql(query, table);
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]!.a).toBe(result.rows[0]!.b);
  });

  test("rows may come from a function", () => {
    let calls = 0;
    const rows = () => {
      calls += 1;
      return table;
    };
    expect(runKql("DeviceFileCertificateInfo | count", rows).rows).toEqual([{ Count: 4 }]);
    expect(calls).toBe(1);
  });
});

describe("source rows", () => {
  test("each summary row lists the table rows behind it", () => {
    const result = runKql(
      "DeviceFileCertificateInfo | where Signer has 'zoho' | summarize count() by DeviceId",
      table,
      { withSourceRows: true },
    );
    expect(result.sourceRows!.map((rows) => rows.map((row) => row.ReportId))).toEqual([[1], [3]]);
    expect(result.sourceRows![0]![0]).toBe(table[0]);
  });

  test("source rows follow sort and projection", () => {
    const result = runKql(
      "DeviceFileCertificateInfo | project ReportId | sort by ReportId desc | take 2",
      table,
      { withSourceRows: true },
    );
    expect(result.sourceRows).toEqual([[table[3]], [table[2]]]);
  });

  test("results carry no source rows unless asked", () => {
    expect(runKql("DeviceFileCertificateInfo | count", table).sourceRows).toBeUndefined();
  });
});

describe("runKqlBatch", () => {
  test("one pass gives the same results as separate runs", () => {
    const queries = [
      "DeviceFileCertificateInfo | where Signer has 'zoho' | summarize make_set(ReportId) by DeviceId",
      "DeviceFileCertificateInfo | summarize arg_max(Timestamp, *)",
      "DeviceFileCertificateInfo | sort by FileSize asc | project ReportId",
    ];
    let passes = 0;
    const rows = () => {
      passes += 1;
      return table;
    };
    const batch = runKqlBatch(queries, rows, { now: testNow });
    expect(passes).toBe(1);
    for (const [index, query] of queries.entries()) {
      expect(batch[index]).toEqual(runKql(query, table, { now: testNow }));
    }
  });
});
