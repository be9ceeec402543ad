import { InvalidArgumentError } from "commander";
import { describe, expect, test } from "vitest";
import { maxDurationInMilliseconds, parseDuration } from "../../src/cli/duration.js";
import { runCli } from "../support/cli.js";

describe("parseDuration", () => {
  test.each([
    { text: "90m", want: 90 * 60_000 },
    { text: "12h", want: 12 * 3_600_000 },
    { text: "30d", want: 30 * 86_400_000 },
    { text: "36525d", want: maxDurationInMilliseconds },
  ])("accepts $text", ({ text, want }) => {
    expect(parseDuration(text)).toBe(want);
  });

  test.each(["0d", "99999999999999d", "36526d", "5300w", "1e3d", "d"])("rejects %s", (text) => {
    expect(() => parseDuration(text)).toThrow(InvalidArgumentError);
  });
});

describe("duration options", () => {
  test.each([
    ["prune", "--older-than"],
    ["export", "--since"],
  ])("%s %s past 100 years is a usage error", (command, option) => {
    const result = runCli([command, "--db", "/nonexistent/unused.db", option, "99999999999999d"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`option '${option} <duration>' argument '99999999999999d' is invalid`);
    expect(result.stderr).toContain("at most 100 years");
    expect(result.stderr).not.toContain("Invalid time value");
  });
});
