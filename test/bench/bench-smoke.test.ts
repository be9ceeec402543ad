import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const benchScript = fileURLToPath(new URL("../../scripts/bench.mjs", import.meta.url));

/** Every row the benchmark table must print, as scripts/bench/rows.mjs labels them. */
const rowLabels = [
  "Full sweep",
  "Rescan, unchanged",
  "Peak RSS, full sweep",
  "Peak RSS, rescan",
  "Peak RSS, one huge file",
  "Hunt, built-in rules",
];

describe("bench --smoke", () => {
  let result: SpawnSyncReturns<string>;
  let tableLines: string[];

  // One run for every check: the smoke run builds a tree and sweeps it several times.
  beforeAll(() => {
    result = spawnSync(process.execPath, [benchScript, "--smoke"], { encoding: "utf8", timeout: 300_000 });
    tableLines = result.stdout.split("\n").filter((line) => line.startsWith("| "));
  });

  it("exits 0", () => {
    expect(result.stderr).not.toMatch(/Error|error:/);
    expect(result.status).toBe(0);
  });

  it("prints the table header", () => {
    expect(tableLines[0]).toMatch(/^\| Measurement +\| signsweep +\| Floor +\| Ratio +\| Target +\| Result +\|$/);
  });

  it.each(rowLabels)("prints the row '%s'", (label) => {
    const row = tableLines.find((line) => line.startsWith(`| ${label}`));
    expect(row).toBeDefined();
    const cells = row!.split("|").map((cell) => cell.trim());
    // cells[2] is the signsweep column: a figure, or why there is none.
    expect(cells[2]).not.toBe("");
    expect(cells[6]).toMatch(/^(met|missed|not measured)$/);
  });
});
