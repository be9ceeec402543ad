#!/usr/bin/env node
// Measure how much memory fast-glob's stream holds when its consumer is
// slower than the walk, as a sweep's workers are. Builds a tree of empty
// files, walks it with the sweep's options twice (a consumer that keeps up,
// then one that pauses 5 ms every 500 paths) and prints each peak RSS.
//
//   node scripts/bench/walk-buffer.mjs [--files 200000] [--work /tmp/dir]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import fg from "fast-glob";

const { values } = parseArgs({
  options: { files: { type: "string", default: "200000" }, work: { type: "string" } },
});
const fileCount = Number(values.files);
const filesPerFolder = 500;
const work = values.work ?? mkdtempSync(join(tmpdir(), "signsweep-walk-buffer-"));

async function peakRssWhileWalking(root, pauseEvery) {
  const stream = fg.stream("**/*.dll", {
    cwd: root, absolute: true, dot: true, caseSensitiveMatch: false, unique: false, followSymbolicLinks: false,
  });
  let seen = 0;
  let peak = 0;
  for await (const _entry of stream) {
    seen++;
    if (pauseEvery && seen % pauseEvery === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    if (seen % 5000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  return { seen, peak };
}

try {
  const root = join(work, "tree");
  for (let folder = 0; folder * filesPerFolder < fileCount; folder++) {
    const path = join(root, "Windows", "System32", `sub${folder}`, "deeper");
    mkdirSync(path, { recursive: true });
    for (let file = 0; file < filesPerFolder && folder * filesPerFolder + file < fileCount; file++) {
      writeFileSync(join(path, `library_file_name_${file}.dll`), "");
    }
  }
  for (const [label, pauseEvery] of [["consumer keeping up", 0], ["slow consumer", 500]]) {
    const { seen, peak } = await peakRssWhileWalking(root, pauseEvery);
    console.log(`${label}: ${seen} paths, peak RSS ${(peak / 1048576).toFixed(0)} MiB`);
  }
} finally {
  if (!values.work) rmSync(work, { recursive: true, force: true });
}
