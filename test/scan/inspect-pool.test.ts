import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectFile } from "../../src/inspect/inspect-file.js";
import type { FileInspector, InspectorOptions } from "../../src/scan/inspect-pool.js";

const fixtureFolder = fileURLToPath(new URL("../../native-fixtures/", import.meta.url));
const fixtures = readdirSync(fixtureFolder)
  .filter((name) => /\.(exe|signed)$/.test(name))
  .map((name) => fixtureFolder + name);

// The worker script exists only in the compiled tree (dist/lib, built before
// the suite), so the pool is loaded from there, as the CLI loads it.
const compiledPool = new URL("../../dist/lib/scan/inspect-pool.js", import.meta.url).href;
let pool: FileInspector;

beforeAll(async () => {
  const { createInspector } = (await import(compiledPool)) as {
    createInspector: (options: InspectorOptions) => FileInspector;
  };
  pool = createInspector({ threads: 2 });
});
afterAll(async () => {
  await pool?.close();
});

describe("inspector worker pool", () => {
  it("has fixtures to compare", () => {
    expect(fixtures.length).toBeGreaterThan(5);
  });

  it.each(fixtures)("reports %s as inspectFile does", async (path) => {
    const [fromWorker, fromMainThread] = await Promise.all([pool.inspect(path), inspectFile(path)]);
    expect(fromWorker.SHA1).toMatch(/^[0-9a-f]{40}$/);
    expect(fromWorker).toEqual(fromMainThread);
  });

  it("reports a missing file in the report", async () => {
    const report = await pool.inspect(`${fixtureFolder}no-such-file.exe`);
    expect(report.SHA1).toBeNull();
    expect(report.Error).toMatch(/^ENOENT/);
  });
});
