/**
 * A worker thread that dies mid-file: the file it was reading gets the
 * error, and the files queued behind it still get their own reports.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { maxDerElementCount } from "../../src/asn1/element-count.js";
import { inspectFile } from "../../src/inspect/inspect-file.js";
import type { FileInspector, InspectorOptions } from "../../src/scan/inspect-pool.js";
import { sequence } from "../support/der-builder.js";
import { nativeFixturePath } from "../support/native-fixtures.js";
import { winCertificate, withCertificateTable } from "../support/pe-edit.js";

// The worker script exists only in the compiled tree (dist/lib, built before
// the suite), so the pool is loaded from there, as the CLI loads it.
const compiledPool = new URL("../../dist/lib/scan/inspect-pool.js", import.meta.url).href;
const { createInspector } = (await import(compiledPool)) as {
  createInspector: (options: InspectorOptions) => FileInspector;
};

/**
 * Too small for node-forge's tree of the file below, which needed more than
 * 64 MiB, yet enough for a thread to load and read the real fixtures.
 */
const tinyHeapInMegabytes = 16;
const nullSizeInBytes = 2;

const folder = mkdtempSync(join(tmpdir(), "signsweep-pool-crash-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A signed fixture whose ContentInfo is as many NULLs as the element limit admits. */
function writeHeapHungryFile(): string {
  const nulls = Buffer.alloc((maxDerElementCount - 1) * nullSizeInBytes);
  for (let offset = 0; offset < nulls.length; offset += nullSizeInBytes) nulls[offset] = 0x05;
  const image = readFileSync(nativeFixturePath("enter-srl-ts.exe"));
  const path = join(folder, "heap-hungry.exe");
  writeFileSync(path, withCertificateTable(image, winCertificate(sequence(nulls))));
  return path;
}

describe("inspector worker crash", () => {
  const hungry = writeHeapHungryFile();
  const innocent = ["other-nested-enter.exe", "enter-srl-ts.exe", "two-entries.exe"].map(nativeFixturePath);

  it("fails only the file being read", async () => {
    const pool = createInspector({ threads: 1, maxOldGenerationSizeInMegabytes: tinyHeapInMegabytes });
    try {
      const [hungryReport, ...innocentReports] = await Promise.all([hungry, ...innocent].map((path) => pool.inspect(path)));
      expect(hungryReport?.FilePath).toBe(hungry);
      expect(hungryReport?.Error).toMatch(/^ERR_WORKER_OUT_OF_MEMORY/);
      for (const [index, path] of innocent.entries()) {
        expect(innocentReports[index]).toEqual(await inspectFile(path));
      }
    } finally {
      await pool.close();
    }
  });

  it("reads the same file within the default heap", async () => {
    const pool = createInspector({ threads: 1 });
    try {
      const report = await pool.inspect(hungry);
      expect(report.Error).not.toMatch(/ERR_WORKER_OUT_OF_MEMORY/);
      expect(report.Anomalies).toContain("Asn1UnexpectedTag");
    } finally {
      await pool.close();
    }
  });
});
