/**
 * Queries shaped to exhaust the call stack: thousands of `or` and `and`
 * terms, which must run, and parentheses nested past the limit, which must
 * fail with a position instead of "Maximum call stack size exceeded".
 */
import { describe, expect, test } from "vitest";
import { maxExpressionNestingDepth } from "../../src/kql/expression-parser.js";
import { KqlSyntaxError, parseKql, runKql } from "../../src/kql/index.js";
import { certificateRow } from "../support/certificate-rows.js";
import { runCli } from "../support/cli.js";
import { evaluateScalar } from "../support/kql-eval.js";

const table = "DeviceFileCertificateInfo";
const termCount = 3_000;

function parseError(text: string): KqlSyntaxError {
  try {
    parseKql(text);
  } catch (error) {
    if (error instanceof KqlSyntaxError) return error;
    throw error;
  }
  throw new Error("parseKql accepted the query");
}

function nested(depth: number): string {
  return `${"(".repeat(depth)}IsSigned${")".repeat(depth)}`;
}

describe("long logical chains", () => {
  const rows = [
    certificateRow({ SHA1: "a", Signer: "Term 2999" }),
    certificateRow({ SHA1: "b", Signer: "Other" }),
  ];

  test("or chain of 3,000 terms runs", () => {
    const terms = Array.from({ length: termCount }, (_, index) => `Signer == 'Term ${index}'`);
    const result = runKql(`${table} | where ${terms.join(" or ")} | project SHA1`, rows);
    expect(result.rows).toEqual([{ SHA1: "a" }]);
  });

  test("and chain of 3,000 terms runs", () => {
    const terms = Array.from({ length: termCount }, () => "Signer != 'Other'");
    const result = runKql(`${table} | where ${terms.join(" and ")} | project SHA1`, rows);
    expect(result.rows).toEqual([{ SHA1: "a" }]);
  });

  test.each([
    { name: "or with a true term", expression: "false or bool(null) or true", want: true },
    { name: "or with null and false", expression: "false or bool(null) or false", want: null },
    { name: "or all false", expression: "false or false or false", want: false },
    { name: "and with a false term", expression: "true and bool(null) and false", want: false },
    { name: "and with null and true", expression: "true and bool(null) and true", want: null },
    { name: "and all true", expression: "true and true and true", want: true },
    { name: "and inside or", expression: "false or true and true or false", want: true },
  ])("three-valued $name", ({ expression, want }) => {
    expect(evaluateScalar(expression)).toBe(want);
  });

  test("non-bool operand deep in a chain is named", () => {
    const error = parseError(`${table} | where IsSigned or IsSigned or FileSize`);
    expect(error.detail).toBe("'or' needs bool operands, got long");
  });
});

describe("nesting depth", () => {
  test("parentheses at the limit parse", () => {
    expect(() => parseKql(`${table} | where ${nested(maxExpressionNestingDepth)}`)).not.toThrow();
  });

  test("parentheses past the limit raise with a position", () => {
    const prefix = `${table} | where `;
    const error = parseError(`${prefix}${nested(2_000)}`);
    expect(error.line).toBe(1);
    // The first '(' past the limit.
    expect(error.column).toBe(prefix.length + maxExpressionNestingDepth + 1);
    expect(error.detail).toContain(`more than ${maxExpressionNestingDepth} levels`);
  });

  test("nested unary signs past the limit raise", () => {
    const error = parseError(`${table} | project X = ${"-".repeat(2_000)}1`);
    expect(error.detail).toContain("levels deep");
  });

  test("nested dynamic arrays past the limit raise", () => {
    const error = parseError(`${table} | project X = dynamic(${"[".repeat(2_000)}${"]".repeat(2_000)})`);
    expect(error.detail).toContain("levels deep");
  });

  test("long arithmetic chain raises a syntax error", () => {
    const error = parseError(`${table} | where FileSize > 0${" + 1".repeat(50_000)}`);
    expect(error.detail).toContain("too deeply nested");
  });

  test("hunt --query reports the position", () => {
    const result = runCli(["hunt", "--db", "/nonexistent/unused.db", "--query", `${table} | where ${nested(2_000)}`]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--query is invalid: line 1, column");
    expect(result.stderr).not.toContain("Maximum call stack");
  });
});
