/** Option values that `scan` must reject as usage errors before it opens anything. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../support/cli.js";

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "signsweep-options-"));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function scanWith(option: string, value: string) {
  return runCli(["scan", "-q", "--db", join(folder, "options.db"), option, value, folder]);
}

describe("scan option values", () => {
  test.each(["1e1", "0x10", " 4", "4 ", "+4", "4.0", "0", "65"])("--concurrency rejects '%s'", (value) => {
    const result = scanWith("--concurrency", value);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("expected a whole number from 1 to 64");
  });

  test("--concurrency accepts digits", () => {
    const result = scanWith("--concurrency", "16");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  test.each(["", " ", "\t"])("--device-name rejects blank %j", (value) => {
    const result = scanWith("--device-name", value);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("expected a host name");
  });
});
