import { describe, expect, test } from "vitest";
import { hasMatcher } from "../../src/kql/string-matching.js";
import { evaluateScalar } from "../support/kql-eval.js";

describe("string operators", () => {
  // The examples that KQL's string operator documentation lists as true,
  // plus its counter-example for `has` on a term that only starts inside
  // another term.
  test.each([
    { input: `"aBc" == "aBc"`, want: true },
    { input: `"abc" != "ABC"`, want: true },
    { input: `"abc" =~ "ABC"`, want: true },
    { input: `"aBc" !~ "xyz"`, want: true },
    { input: `"FabriKam" contains "BRik"`, want: true },
    { input: `"Fabrikam" !contains "xyz"`, want: true },
    { input: `"FabriKam" contains_cs "Kam"`, want: true },
    { input: `"Fabrikam" !contains_cs "Kam"`, want: true },
    { input: `"Fabrikam" endswith "Kam"`, want: true },
    { input: `"Fabrikam" !endswith "brik"`, want: true },
    { input: `"Fabrikam" endswith_cs "kam"`, want: true },
    { input: `"Fabrikam" !endswith_cs "brik"`, want: true },
    { input: `"North America" has "america"`, want: true },
    { input: `"North America" !has "amer"`, want: true },
    { input: `"North America" has_cs "America"`, want: true },
    { input: `"North America" !has_cs "amer"`, want: true },
    { input: `"North America" has_any ("south", "north")`, want: true },
    { input: `"North America" has_all ("south", "north")`, want: false },
    { input: `"North America" has_all ("america", "north")`, want: true },
    { input: `"North America" contains "meri"`, want: true },
    { input: `"Fabrikam" startswith "fab"`, want: true },
    { input: `"Fabrikam" !startswith "kam"`, want: true },
    { input: `"Fabrikam" startswith_cs "Fab"`, want: true },
    { input: `"fabrikam" !startswith_cs "Kam"`, want: true },
    { input: `"abc" in ("123", "345", "abc")`, want: true },
    { input: `"bca" !in ("123", "345", "abc")`, want: true },
    { input: `"Abc" in~ ("abc", "345", "ghi")`, want: true },
    { input: `"bCa" !in~ ("123", "345", "ABC")`, want: true },
    { input: `"KustoExplorerQueryRun" has "Explorer"`, want: false },
    { input: `"KustoExplorerQueryRun" contains "Explorer"`, want: true },
    { input: `"North America" has_cs "america"`, want: false },
    { input: `"Fabrikam" startswith "kam"`, want: false },
  ])("$input is $want", ({ input, want }) => {
    expect(evaluateScalar(input)).toBe(want);
  });
});

describe("has matches whole terms", () => {
  test.each([
    { haystack: "ENTER S.R.L.", needle: "Enter S.R.L.", want: true },
    { haystack: "Enter S.r.l.", needle: "Enter S.R.L.", want: true },
    { haystack: "Enter Srl", needle: "Enter Srl", want: true },
    { haystack: "Center Srl", needle: "Enter Srl", want: false },
    { haystack: "Enterprise Srl", needle: "Enter Srl", want: false },
    { haystack: "Nanosystems S.R.L.", needle: "Enter S.R.L.", want: false },
    { haystack: "Center Srl", needle: "Enter S.R.L.", want: false },
    // A later, aligned occurrence counts even when an earlier one is inside a term.
    { haystack: "Center Srl; Enter Srl", needle: "Enter Srl", want: true },
    { haystack: "Krämer IT Solutions GmbH", needle: "Krämer IT Solutions GmbH", want: true },
    { haystack: "KRÄMER IT SOLUTIONS GMBH", needle: "Krämer IT Solutions GmbH", want: true },
    // ä is a letter, so "Kr" is not a term of "Krämer".
    { haystack: "Krämer IT", needle: "Kr", want: false },
    { haystack: "DWSNET OÜ", needle: "DWSNET OÜ", want: true },
    { haystack: "Level Software, Inc.", needle: "Level Software, Inc", want: true },
    { haystack: "Projector.is, Inc.", needle: "Projector.is, Inc.", want: true },
    { haystack: "PDQ.com Corporation", needle: "PDQ.com", want: true },
    { haystack: "N-able Technologies Ltd", needle: "N-Able Technologies", want: true },
    { haystack: "", needle: "Zoho", want: false },
  ])("'$haystack' has '$needle' is $want", ({ haystack, needle, want }) => {
    expect(hasMatcher(needle, false)(haystack)).toBe(want);
  });

  test("has_cs respects case", () => {
    expect(hasMatcher("Enter Srl", true)("ENTER SRL")).toBe(false);
    expect(hasMatcher("Enter Srl", true)("Enter Srl")).toBe(true);
  });

  test("letters that lengthen when lower-cased keep positions", () => {
    // U+0130 lower-cases to two UTF-16 units; the term boundary must not move.
    expect(hasMatcher("Enter", false)("\u0130 Enter")).toBe(true);
    expect(hasMatcher("Enter", false)("\u0130Enter")).toBe(false);
  });
});
