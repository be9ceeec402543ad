import { describe, expect, test } from "vitest";
import { KqlSyntaxError, parseKql } from "../../src/kql/index.js";
import { SignsweepError } from "../../src/errors.js";

function parseError(text: string): KqlSyntaxError {
  try {
    parseKql(text);
  } catch (error) {
    if (error instanceof KqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`no error for: ${text}`);
}

const table = "DeviceFileCertificateInfo";

describe("parseKql rejects malformed queries with a position", () => {
  test.each([
    {
      name: "unclosed string",
      query: `${table}\n| where Signer has 'Enter Srl`,
      line: 2, column: 20, detail: "unterminated string literal",
    },
    {
      name: "unsupported tabular operator",
      query: `let x = 1;\n${table}\n| join (${table}) on SHA1`,
      line: 3, column: 3, detail: "unsupported operator 'join'",
    },
    {
      name: "unknown tabular operator",
      query: `${table} | frobnicate`,
      line: 1, column: 29, detail: "unsupported operator 'frobnicate'",
    },
    {
      name: "unknown scalar operator",
      query: `${table}\n| where Signer hass 'x'`,
      line: 2, column: 16, detail: "unsupported operator 'hass'",
    },
    {
      name: "unsupported scalar operator",
      query: `${table} | where Signer matches regex 'x'`,
      line: 1, column: 42, detail: "unsupported operator 'matches'",
    },
    {
      name: "missing pipe between operators",
      query: `${table}\n| where IsSigned == 1\n  summarize count()`,
      line: 3, column: 3, detail: "expected '|' before 'summarize'",
    },
    {
      name: "missing pipe after the table",
      query: `${table} where IsSigned == 1`,
      line: 1, column: 27, detail: "expected '|' before 'where'",
    },
    {
      name: "unknown column",
      query: `${table}\n| where Signr has 'x'`,
      line: 2, column: 9, detail: "unknown column 'Signr'",
    },
    {
      name: "unknown column in summarize by",
      query: `${table} | summarize count() by Device`,
      line: 1, column: 50, detail: "unknown column 'Device'",
    },
    {
      name: "unknown function",
      query: `${table}\n| where  parse_json(Signer) == 1`,
      line: 2, column: 10, detail: "unsupported function 'parse_json'",
    },
    {
      name: "unknown table",
      query: "let a = 1;\nDeviceEvents | take 1",
      line: 2, column: 1, detail: "unknown table 'DeviceEvents'; the table here is DeviceFileCertificateInfo",
    },
    {
      name: "aggregation outside summarize",
      query: `${table} | where count() > 1`,
      line: 1, column: 35, detail: "aggregation 'count()' is only valid in summarize",
    },
    {
      name: "unknown aggregation",
      query: `${table} | summarize percentile(FileSize, 50)`,
      line: 1, column: 39, detail: "expected an aggregation function such as count() or min()",
    },
    {
      name: "string compared with a number",
      query: `${table} | where Signer == 1`,
      line: 1, column: 42, detail: "cannot compare string with long using '=='",
    },
    {
      name: "where on a non-bool",
      query: `${table} | where FileSize`,
      line: 1, column: 35, detail: "'where' needs a bool predicate, got long",
    },
    {
      name: "let that reads a column",
      query: `let x = Signer;\n${table}`,
      line: 1, column: 9, detail: "unknown column 'Signer'",
    },
    {
      name: "missing let semicolon",
      query: `let x = 1\n${table}`,
      line: 2, column: 1, detail: "expected ';' after 'let x', found 'DeviceFileCertificateInfo'",
    },
    {
      name: "unclosed parenthesis",
      query: `${table} | where (IsSigned == 1`,
      line: 1, column: 49, detail: "expected ')' to close '(', found the end of the query",
    },
    {
      name: "between without a range",
      query: `${table} | where FileSize between (1, 2)`,
      line: 1, column: 54, detail: "expected '..' between the bounds of 'between', found ','",
    },
    {
      name: "invalid datetime",
      query: `${table} | where Timestamp > datetime(2024-13-01)`,
      line: 1, column: 47, detail: "invalid datetime literal '2024-13-01'; use ISO 8601 (2024-01-31T12:00:00Z)",
    },
    {
      name: "empty query",
      query: "// nothing\n",
      line: 2, column: 1, detail: "expected a tabular expression such as 'DeviceFileCertificateInfo | ...', found the end of the query",
    },
    {
      name: "take without a constant",
      query: `${table} | take FileSize`,
      line: 1, column: 34, detail: "'take' needs a constant whole number of rows",
    },
  ])("$name", ({ query, line, column, detail }) => {
    const error = parseError(query);
    expect(error.detail).toBe(detail);
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.message).toBe(`line ${line}, column ${column}: ${detail}`);
  });

  test("errors are SignsweepErrors with a code", () => {
    const error = parseError(`${table} | join`);
    expect(error).toBeInstanceOf(SignsweepError);
    expect(error.code).toBe("KqlSyntax");
  });
});
