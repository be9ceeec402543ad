import { describe, expect, test } from "vitest";
import { evaluateScalar } from "../support/kql-eval.js";

// testNow is 2026-12-04T12:00:00.000Z.
const row = {
  Timestamp: "2026-12-04T10:30:00.000Z",
  Signer: "Enter S.r.l.",
  IsSigned: 1,
  IsTrusted: null,
  ReportId: 42,
  FileSize: null,
};

interface Case {
  readonly input: string;
  readonly want: unknown;
}

function runCases(cases: readonly Case[]) {
  test.each(cases)("$input", ({ input, want }) => {
    expect(evaluateScalar(input, row)).toEqual(want);
  });
}

describe("comparison operators", () => {
  runCases([
    { input: "1 < 2", want: true },
    { input: "2 <= 2", want: true },
    { input: "3 > 2", want: true },
    { input: "2 >= 3", want: false },
    { input: "ReportId == 42", want: true },
    { input: "ReportId != 42", want: false },
    { input: "Signer == 'Enter S.r.l.'", want: true },
    { input: "Signer == 'enter s.r.l.'", want: false },
    { input: "Signer =~ 'ENTER S.R.L.'", want: true },
    { input: "Signer !~ 'ENTER S.R.L.'", want: false },
  ]);
});

describe("booleans compare with 1 and 0", () => {
  runCases([
    { input: "IsSigned == 1", want: true },
    { input: "IsSigned == true", want: true },
    { input: "IsSigned != 0", want: true },
    { input: "IsSigned == 0", want: false },
    { input: "1 == IsSigned", want: true },
  ]);
});

describe("null semantics", () => {
  runCases([
    { input: "IsTrusted == true", want: false },
    { input: "IsTrusted != true", want: true },
    { input: "IsTrusted == bool(null)", want: null },
    { input: "FileSize > 0", want: null },
    { input: "FileSize between (0 .. 10)", want: null },
    { input: "isnull(FileSize)", want: true },
    { input: "isnotnull(ReportId)", want: true },
    { input: "isempty(FileSize)", want: true },
    { input: "isempty(SHA1)", want: true },
    { input: "isnotempty(SHA1)", want: false },
    { input: "isempty('')", want: true },
    { input: "isnotempty(Signer)", want: true },
    { input: "IsTrusted == true or IsSigned == 1", want: true },
    { input: "IsTrusted == bool(null) and IsSigned == 0", want: false },
    { input: "IsTrusted == bool(null) and IsSigned == 1", want: null },
    { input: "not(IsTrusted == bool(null))", want: null },
    { input: "SHA1 in ('a', '')", want: true },
    { input: "FileSize in (1, 2)", want: false },
  ]);
});

describe("logical operators", () => {
  runCases([
    { input: "true and false", want: false },
    { input: "true or false", want: true },
    { input: "not(1 == 2)", want: true },
    { input: "1 == 1 and 2 == 2 or 1 == 2", want: true },
    { input: "1 == 2 and (2 == 2 or 1 == 1)", want: false },
  ]);
});

describe("between", () => {
  runCases([
    { input: "5 between (1 .. 5)", want: true },
    { input: "1 between (1 .. 5)", want: true },
    { input: "6 between (1 .. 5)", want: false },
    { input: "6 !between (1 .. 5)", want: true },
    { input: "Timestamp between (ago(2h) .. now())", want: true },
    { input: "Timestamp between (ago(1h) .. now())", want: false },
    { input: "Timestamp between (datetime(2026-12-04) .. 1d)", want: true },
    { input: "Timestamp between (datetime(2026-12-03) .. 1d)", want: false },
  ]);
});

describe("time", () => {
  runCases([
    { input: "now()", want: "2026-12-04T12:00:00.000Z" },
    { input: "now(-5d)", want: "2026-11-29T12:00:00.000Z" },
    { input: "now(2h)", want: "2026-12-04T14:00:00.000Z" },
    { input: "ago(5d)", want: "2026-11-29T12:00:00.000Z" },
    { input: "ago(30m)", want: "2026-12-04T11:30:00.000Z" },
    { input: "now() - Timestamp", want: "01:30:00" },
    { input: "now() - Timestamp > 1h", want: true },
    { input: "now() - Timestamp < 10s", want: false },
    { input: "datetime(2024-02-28) + 1d", want: "2024-02-29T00:00:00.000Z" },
    { input: "datetime(2024-03-01 10:00) - 12h", want: "2024-02-29T22:00:00.000Z" },
    { input: "datetime('2024-01-31T23:59:59.5Z')", want: "2024-01-31T23:59:59.500Z" },
    { input: "datetime(2024-01-02) - datetime(2024-01-01)", want: "1.00:00:00" },
    { input: "1ms + 10s", want: "00:00:10.0010000" },
    { input: "2 * 1h", want: "02:00:00" },
    { input: "bin(Timestamp, 1d)", want: "2026-12-04T00:00:00.000Z" },
  ]);
});

describe("values and functions", () => {
  runCases([
    { input: "'single'", want: "single" },
    { input: '"double"', want: "double" },
    { input: "true", want: true },
    { input: "false", want: false },
    { input: "7 / 2", want: 3 },
    { input: "7.0 / 2", want: 3.5 },
    { input: "-ReportId + 2", want: -40 },
    { input: "7 % 3", want: 1 },
    { input: "dynamic([1, 'a', null, [true]])", want: [1, "a", null, [true]] },
    { input: "ReportId in (dynamic([41, 42]))", want: true },
    { input: "ReportId !in (41, 43)", want: true },
    { input: "Signer has_any (dynamic(['Enter Srl', 'Enter S.R.L.']))", want: true },
    { input: "Signer has_all ('Enter', 'S.r.l')", want: true },
    { input: "tolower(Signer)", want: "enter s.r.l." },
    { input: "toupper(Signer)", want: "ENTER S.R.L." },
    { input: "strlen('Krämer')", want: 6 },
    { input: "tostring(ReportId)", want: "42" },
    { input: "iff(IsSigned == 1, 'signed', 'unsigned')", want: "signed" },
    { input: "long(null)", want: null },
  ]);
});
