#!/usr/bin/env node
// Long mutation run against the compiled library (run `npm run build` first):
//
//   node scripts/mutate.mjs [--iterations N] [--seed S] [FILE...]
//
// Without FILE it mutates the signed images in native-fixtures/ and the
// Debian-signed native-fixtures/fbx64.efi.signed. Exits 1 and lists each mutant
// that made inspectFile reject, run over its time budget or lose its SHA-1;
// replay one with the same seed.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { inspectFile } from "../dist/lib/inspect/inspect-file.js";
import { parsePeHeaders } from "../dist/lib/pe/headers.js";
import { runMutations } from "./mutation-loop.mjs";

const repo = new URL("..", import.meta.url).pathname;
const debianSignedEfi = fileURLToPath(new URL("../native-fixtures/fbx64.efi.signed", import.meta.url));
const maxMillisecondsPerFile = 2_000;

const { values, positionals } = parseArgs({
  options: {
    iterations: { type: "string", default: "20000" },
    seed: { type: "string", default: "1" },
  },
  allowPositionals: true,
});
const iterations = Number(values.iterations);
const seed = Number(values.seed);
if (!Number.isSafeInteger(iterations) || iterations <= 0) {
  throw new Error(`--iterations: expected a positive integer, got ${values.iterations}`);
}
if (!Number.isSafeInteger(seed)) throw new Error(`--seed: expected an integer, got ${values.seed}`);

async function defaultFiles() {
  const folder = join(repo, "native-fixtures");
  const names = existsSync(folder) ? await readdir(folder) : [];
  const files = names.filter((name) => /\.(exe|dll|efi\.signed)$/.test(name)).map((name) => join(folder, name));
  if (existsSync(debianSignedEfi)) files.push(debianSignedEfi);
  return files;
}

/** Return the certificate table's offset, or the file's end when it has none. */
function tableOffsetOf(bytes) {
  const directory = parsePeHeaders(bytes, bytes.length).securityDirectory;
  return directory && directory.VirtualAddress > 0 ? directory.VirtualAddress : bytes.length;
}

const files = positionals.length > 0 ? positionals : await defaultFiles();
if (files.length === 0) throw new Error("no input files: pass PE files or run `npm run fixtures` first");
const originals = [];
for (const path of files) {
  const bytes = new Uint8Array(await readFile(path));
  originals.push({ name: path, bytes, tableOffset: tableOffsetOf(bytes) });
}

const folder = await mkdtemp(join(tmpdir(), "signsweep-mutate-"));
try {
  const started = performance.now();
  const run = await runMutations({ originals, iterations, seed, folder, inspect: inspectFile, maxMillisecondsPerFile });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${run.iterations} mutants of ${originals.length} files in ${seconds} s (seed ${seed}); ` +
      `slowest ${run.slowestMilliseconds.toFixed(1)} ms; still signed ${run.outcomes.signed}, ` +
      `with anomalies ${run.outcomes.anomalies}, with errors ${run.outcomes.errors}`,
  );
  for (const failure of run.failures) console.log(`FAIL ${failure}`);
  process.exitCode = run.failures.length === 0 ? 0 : 1;
} finally {
  await rm(folder, { recursive: true, force: true });
}
