/**
 * A short, fixed-seed mutation run over signed images through the real
 * parsers. scripts/mutate.mjs runs the same loop longer.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { inspectFile } from "../../src/inspect/inspect-file.js";
import { runMutations, type MutationOriginal } from "../../scripts/mutation-loop.mjs";
import { securityDirectoryOf } from "../support/pe-edit.js";
import { buildPeTestImages, debianSignedEfi, type PeTestImages } from "../support/pe-test-images.js";

const iterations = 600;
const seed = 20_261_204;
const maxMillisecondsPerFile = 1_000;

let images: PeTestImages;
beforeAll(() => {
  images = buildPeTestImages();
});
afterAll(() => images.remove());

function original(path: string): MutationOriginal {
  const bytes = new Uint8Array(readFileSync(path));
  return { name: path, bytes, tableOffset: securityDirectoryOf(bytes).VirtualAddress };
}

test("mutants never escape or stall", async () => {
  const originals = [images.signedPe32, images.nestedPe32Plus, debianSignedEfi].map(original);
  const run = await runMutations({
    originals,
    iterations,
    seed,
    folder: images.folder,
    inspect: inspectFile,
    maxMillisecondsPerFile,
  });

  expect(run.failures).toEqual([]);
  expect(run.iterations).toBe(iterations);
  // Some mutants must miss the signature and some must break the parse, or the loop tests nothing.
  expect(run.outcomes.anomalies + run.outcomes.errors).toBeGreaterThan(0);
});
