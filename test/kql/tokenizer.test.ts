import { describe, expect, test } from "vitest";
import { KqlSyntaxError } from "../../src/kql/errors.js";
import { tokenize } from "../../src/kql/tokenizer.js";

const millisecondsPerDay = 86_400_000;

function kindsAndValues(text: string) {
  return tokenize(text)
    .filter((token) => token.kind !== "end")
    .map((token) => [token.kind, token.value]);
}

function tokenizeError(text: string): KqlSyntaxError {
  try {
    tokenize(text);
  } catch (error) {
    if (error instanceof KqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`no error for ${text}`);
}

describe("tokenize", () => {
  test("positions count lines and columns from 1", () => {
    const tokens = tokenize("let x = 1;\r\n  T\n| where");
    const positions = tokens.map((token) => [token.text, token.line, token.column]);
    expect(positions).toEqual([
      ["let", 1, 1],
      ["x", 1, 5],
      ["=", 1, 7],
      ["1", 1, 9],
      [";", 1, 10],
      ["T", 2, 3],
      ["|", 3, 1],
      ["where", 3, 3],
      ["", 3, 8],
    ]);
  });

  test.each([
    { name: "single quotes", input: "'Enter Srl'", want: "Enter Srl" },
    { name: "double quotes", input: '"North America"', want: "North America" },
    { name: "escaped quote", input: "'it\\'s'", want: "it's" },
    { name: "backslash escapes", input: '"a\\\\b\\tc\\n"', want: "a\\b\tc\n" },
    { name: "unicode escape", input: "'\\u00dc'", want: "Ü" },
    { name: "verbatim string", input: "@'C:\\Windows'", want: "C:\\Windows" },
    { name: "non-ASCII text", input: "'Krämer IT Solutions GmbH'", want: "Krämer IT Solutions GmbH" },
  ])("string literal: $name", ({ input, want }) => {
    expect(kindsAndValues(input)).toEqual([["string", want]]);
  });

  test.each([
    { input: "5d", want: 5 * millisecondsPerDay },
    { input: "12h", want: 12 * 3_600_000 },
    { input: "30m", want: 30 * 60_000 },
    { input: "10s", want: 10_000 },
    { input: "1ms", want: 1 },
    { input: "1.5h", want: 5_400_000 },
    { input: "2days", want: 2 * millisecondsPerDay },
  ])("timespan literal $input", ({ input, want }) => {
    expect(kindsAndValues(input)).toEqual([["timespan", want]]);
  });

  test("numbers and a range stay apart", () => {
    expect(kindsAndValues("1..2.5")).toEqual([
      ["long", 1],
      ["operator", ".."],
      ["real", 2.5],
    ]);
  });

  test("datetime literal keeps its text", () => {
    expect(kindsAndValues("datetime(2024-01-31 10:00:00)")).toEqual([["datetime", "2024-01-31 10:00:00"]]);
  });

  test("negated and hyphenated operators are single tokens", () => {
    const texts = tokenize("!has !in~ in~ !between !~ != project-away a-b").map((token) => token.text);
    expect(texts).toEqual(["!has", "!in~", "in~", "!between", "!~", "!=", "project-away", "a", "-", "b", ""]);
  });

  test("comments are dropped", () => {
    expect(kindsAndValues("// first\nx // second\n//")).toEqual([["identifier", "x"]]);
  });

  test.each([
    { name: "unclosed string", input: "x\n  | where a == 'abc", line: 2, column: 16, detail: "unterminated string literal" },
    { name: "string across lines", input: "'abc\ndef'", line: 1, column: 1, detail: "unterminated string literal" },
    { name: "bad escape", input: "  'a\\qb'", line: 1, column: 5, detail: "invalid escape sequence '\\q' in string" },
    { name: "bad unit", input: "5x", line: 1, column: 1, detail: "invalid number or timespan literal '5x'" },
    { name: "stray character", input: "a # b", line: 1, column: 3, detail: "unexpected character '#'" },
    { name: "unclosed datetime", input: "datetime(2024-01-01", line: 1, column: 1, detail: "expected ')' to close datetime(...)" },
  ])("error: $name", ({ input, line, column, detail }) => {
    const error = tokenizeError(input);
    expect(error.line).toBe(line);
    expect(error.column).toBe(column);
    expect(error.detail).toBe(detail);
    expect(error.message).toBe(`line ${line}, column ${column}: ${detail}`);
  });
});
