// Mutation loop over signed PE images: byte flips, overwritten 32-bit fields
// and truncations from a fixed-seed PRNG, each mutant inspected from a file.
// A run fails when inspection rejects, exceeds its time budget, or returns a
// report without a SHA-1. Shared by the vitest suite (short run, sources) and
// scripts/mutate.mjs (long run, compiled dist/lib).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

/** mulberry32: a small seeded PRNG, so a failing iteration can be replayed. */
export function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mutations aim at the first bytes, where the PE headers are, as often as this. */
const headerRegionShare = 0.35;
/** The certificate table gets the next share; the rest land anywhere in the file. */
const tableRegionShare = 0.45;
const headerRegionSizeInBytes = 1024;
/** The mix of mutation kinds: truncations, then overwritten 32-bit fields, then bit flips. */
const truncateShare = 0.15;
const overwriteShare = 0.3;
const maxFlipsPerMutant = 8;

function pickOffset(random, length, tableOffset) {
  const region = random();
  if (region < headerRegionShare) return Math.floor(random() * Math.min(headerRegionSizeInBytes, length));
  if (region < headerRegionShare + tableRegionShare && tableOffset < length) {
    return tableOffset + Math.floor(random() * (length - tableOffset));
  }
  return Math.floor(random() * length);
}

/** Return a mutated copy of `original` and a short description of the change. */
export function mutate(original, tableOffset, random) {
  const kind = random();
  if (kind < truncateShare) {
    const cut = pickOffset(random, original.length, tableOffset);
    return { bytes: original.slice(0, cut), change: `truncate at ${cut}` };
  }

  const bytes = original.slice();
  const view = new DataView(bytes.buffer);
  if (kind < truncateShare + overwriteShare) {
    const offset = Math.min(pickOffset(random, bytes.length, tableOffset), bytes.length - 4);
    const value = random() < 0.5 ? Math.floor(random() * 4294967296) : Math.floor(random() * 65536);
    view.setUint32(offset, value >>> 0, true);
    return { bytes, change: `uint32 ${value} at ${offset}` };
  }

  const flips = 1 + Math.floor(random() * maxFlipsPerMutant);
  const offsets = [];
  for (let index = 0; index < flips; index++) {
    const offset = pickOffset(random, bytes.length, tableOffset);
    bytes[offset] ^= 1 << Math.floor(random() * 8);
    offsets.push(offset);
  }
  return { bytes, change: `flip bits at ${offsets.join(",")}` };
}

/**
 * Run `iterations` mutants spread over `originals` ({ name, bytes,
 * tableOffset }), writing each to `folder` and passing its path to `inspect`.
 */
export async function runMutations({ originals, iterations, seed, folder, inspect, maxMillisecondsPerFile }) {
  const random = createRandom(seed);
  const failures = [];
  const outcomes = { signed: 0, anomalies: 0, errors: 0 };
  let slowestMilliseconds = 0;

  for (let iteration = 0; iteration < iterations; iteration++) {
    const original = originals[iteration % originals.length];
    const mutant = mutate(original.bytes, original.tableOffset, random);
    const path = join(folder, `mutant-${iteration % originals.length}.bin`);
    await writeFile(path, mutant.bytes);

    const where = `${original.name} #${iteration} (${mutant.change})`;
    const started = performance.now();
    let report;
    try {
      report = await inspect(path);
    } catch (error) {
      failures.push(`${where}: rejected with ${error?.stack ?? error}`);
      continue;
    }
    const elapsed = performance.now() - started;
    slowestMilliseconds = Math.max(slowestMilliseconds, elapsed);

    if (elapsed > maxMillisecondsPerFile) failures.push(`${where}: took ${elapsed.toFixed(0)} ms`);
    if (!/^[0-9a-f]{40}$/.test(report?.SHA1 ?? "")) failures.push(`${where}: no SHA1 in ${JSON.stringify(report)}`);
    if (report?.IsSigned) outcomes.signed++;
    if (report?.Anomalies?.length) outcomes.anomalies++;
    if (report?.Error) outcomes.errors++;
  }
  return { iterations, failures, outcomes, slowestMilliseconds };
}
