#!/usr/bin/env node
// Benchmark the sweep against its floors on one generated tree, with a warm
// page cache, several repetitions and medians:
//   1. a full sweep into a new database vs. parallel sha1sum over the same files;
//   2. a rescan of the unchanged tree vs. fast-glob alone over it;
//   3. peak resident memory of both sweeps and of a sweep over one 3 GiB file;
//   4. signsweep hunt over the database of the full sweep.
// Prints a table and writes the "Sweep" section of docs/benchmarks.md.
//
//   npm run bench -- [--files 20000] [--gib 2] [--reps 3] [--work /tmp/dir]
//                    [--large-file-gib 3] [--no-wine] [--keep] [--doc PATH]
//   npm run bench -- --smoke      (a few hundred files, one repetition, no doc)
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { describeMachine } from "./bench/machine.mjs";
import { hasGnuTime, measure, medians } from "./bench/measure.mjs";
import { renderTable, writeSweepSection } from "./bench/report.mjs";
import { buildRows, targets } from "./bench/rows.mjs";
import { defaultExtensions } from "../dist/lib/scan/defaults.js";
import { makeCorpus } from "./make-corpus.mjs";

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(repositoryRoot, "bin", "signsweep.js");
const walkFloor = join(repositoryRoot, "scripts", "bench", "walk-floor.mjs");
const wineDlls = "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows";
const deviceOptions = ["--device-id", "0".repeat(40), "--device-name", "bench"];
/**
 * Files per sha1sum call in the floor. Small batches keep every core busy to
 * the end: with 256, a tree of 700 files ran its last batch on one core.
 */
const filesPerSha1sum = 32;

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      files: { type: "string", default: "20000" },
      gib: { type: "string", default: "2" },
      reps: { type: "string", default: "3" },
      work: { type: "string" },
      "large-file-gib": { type: "string", default: "3" },
      "no-wine": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      doc: { type: "string" },
      label: { type: "string" },
      smoke: { type: "boolean", default: false },
    },
  });
  const smoke = values.smoke;
  const files = smoke ? 300 : Number(values.files);
  return {
    smoke,
    files,
    gib: smoke ? 0.01 : Number(values.gib),
    largeFiles: smoke ? 0 : undefined,
    reps: smoke ? 1 : Number(values.reps),
    largeFileGib: smoke ? 0.05 : Number(values["large-file-gib"]),
    wine: !smoke && !values["no-wine"] && existsSync(wineDlls),
    keep: values.keep,
    work: values.work ? resolve(values.work) : undefined,
    doc: values.doc ?? (smoke ? undefined : join(repositoryRoot, "docs", "benchmarks.md")),
    label: values.label ?? `${files.toLocaleString("en-US")} files`,
  };
}

const sweep = (database, root) => ["scan", "--db", database, ...deviceOptions, root];
const cores = availableParallelism();

/** Return the floor of a full sweep as a shell command: read and hash the same files on every core. */
function sha1sumFloorCommand(root) {
  const names = defaultExtensions.map((extension) => `-iname '*.${extension}'`).join(" -o ");
  return `find '${root}' -type f \\( ${names} \\) -print0 | xargs -0 -P ${cores} -n ${filesPerSha1sum} sha1sum > /dev/null`;
}

function scanSummary(stdout) {
  const match = /(\d+) files seen/.exec(stdout);
  if (!match) throw new Error(`no summary line in the sweep's output: ${stdout}`);
  return { filesSeen: Number(match[1]), line: stdout.trim() };
}

/** Full sweeps, rescans and their floors over `root`, interleaved repetition by repetition. */
function benchTree(root, work, reps, log) {
  const database = join(work, "bench.db");
  const floorCommand = sha1sumFloorCommand(root);
  // Warm the page cache, so every timed run reads from memory.
  measure("bash", ["-c", floorCommand]);
  const runs = { sweep: [], floor: [], rescan: [], walk: [] };
  let summary;
  for (let rep = 1; rep <= reps; rep++) {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(database + suffix, { force: true });
    runs.floor.push(measure("bash", ["-c", floorCommand]));
    runs.sweep.push(measure(process.execPath, [cli, ...sweep(database, root)]));
    const rescan = measure(process.execPath, [cli, ...sweep(database, root)]);
    runs.rescan.push(rescan);
    runs.walk.push(measure(process.execPath, [walkFloor, root]));
    summary = scanSummary(rescan.stdout);
    log(`  repetition ${rep}/${reps}: sweep ${runs.sweep.at(-1).seconds.toFixed(2)} s, floor ${runs.floor.at(-1).seconds.toFixed(2)} s, rescan ${rescan.seconds.toFixed(2)} s, walk ${runs.walk.at(-1).seconds.toFixed(2)} s`);
  }
  return {
    sweep: medians(runs.sweep), floor: medians(runs.floor), rescan: medians(runs.rescan), walk: medians(runs.walk),
    filesSeen: summary.filesSeen, summaryLine: summary.line, database, floorCommand,
  };
}

/** Time `signsweep hunt` over `database`, or return why it was not measured. */
function benchHunt(database, reps) {
  const help = spawnSync(process.execPath, [cli, "hunt", "--help"], { encoding: "utf8" });
  if (help.status !== 0) return { skipped: "no hunt command in this build" };
  try {
    const runs = [];
    for (let rep = 0; rep < reps; rep++) runs.push(measure(process.execPath, [cli, "hunt", "--db", database]));
    return medians(runs);
  } catch (error) {
    return { skipped: `hunt failed: ${error.message.slice(0, 200)}` };
  }
}

function main() {
  const options = parseOptions(process.argv.slice(2));
  const log = (line) => process.stderr.write(`${line}\n`);
  const work = options.work ?? mkdtempSync("/tmp/signsweep-bench-");
  mkdirSync(work, { recursive: true });
  const machine = describeMachine(work);
  if (!hasGnuTime()) log("bench: /usr/bin/time is missing (apt-get install time); memory is not measured");
  try {
    log(`bench: building ${options.files} files in ${work}/tree`);
    const corpus = makeCorpus({ files: options.files, out: join(work, "tree"), gib: options.gib, largeFiles: options.largeFiles, largeFileGib: 0, seed: 1 });
    const main = benchTree(join(work, "tree"), work, options.reps, log);
    log("bench: hunt");
    const hunt = benchHunt(main.database, options.reps);

    log(`bench: sweep over one ${options.largeFileGib} GiB file`);
    const hugeRoot = join(work, "huge");
    makeCorpus({ files: 20, out: hugeRoot, gib: 0, largeFiles: 0, largeFileGib: options.largeFileGib, seed: 2 });
    const huge = measure(process.execPath, [cli, ...sweep(join(work, "huge.db"), hugeRoot)]);

    let wine;
    if (options.wine) {
      log(`bench: copy of ${wineDlls}`);
      const wineRoot = join(work, "wine");
      cpSync(wineDlls, wineRoot, { recursive: true });
      wine = benchTree(wineRoot, work, options.reps, log);
    }

    const rows = buildRows({ options, corpus, main, hunt, huge, wine });
    const table = renderTable(rows);
    process.stdout.write(`${table}\n`);
    if (options.doc) {
      writeSweepSection(options.doc, options.label, describeRun({ options, machine, corpus, main, wine, table, work }), preamble);
      log(`bench: wrote ${options.doc}`);
    }
  } finally {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  }
}

const preamble =
  "Generated by `npm run bench` (scripts/bench.mjs) on a tree from `npm run make-corpus`. " +
  `Targets: full sweep at most ${targets.sweepRatio}× the parallel sha1sum floor; rescan at least ` +
  `${targets.rescanFilesPerSecond.toLocaleString("en-US")} unchanged files/s and at most ${targets.rescanRatio}× the bare walk; ` +
  `peak RSS under ${targets.maxRssMiB} MiB; every built-in rule hunted in under ${targets.huntSeconds} s. ` +
  "Times are medians of wall-clock seconds of whole processes, Node start included. CPU is the user plus system " +
  "time of the process and its threads. The ratio in brackets compares CPU time, which other jobs on a shared " +
  "machine disturb less than wall time. A verdict compares wall time.";

function describeRun({ options, machine, corpus, main, wine, table, work }) {
  const gib = (corpus.bytes / 1024 ** 3).toFixed(2);
  const lines = [
    `Machine: ${machine}.`,
    "",
    `Tree: ${corpus.files.toLocaleString("en-US")} files (${corpus.pe.toLocaleString("en-US")} with PE extensions), ${gib} GiB, ` +
      `${options.reps} repetitions, warm page cache.`,
    "",
    table,
    "",
    "Commands (ROOT is the tree, DB a new database per repetition):",
    "",
    "```",
    `${main.floorCommand.replaceAll(`${work}/tree`, "ROOT")}`,
    `node bin/signsweep.js scan --db DB --device-id ${"0".repeat(40)} --device-name bench ROOT   # full sweep, then again for the rescan`,
    "node scripts/bench/walk-floor.mjs ROOT",
    "/usr/bin/time -v ...   # peak RSS of each",
    "```",
    "",
    `Last rescan: \`${main.summaryLine.replaceAll(work, "WORK")}\``,
  ];
  if (wine) lines.push("", `Wine tree: a copy of ${wineDlls} (${wine.filesSeen} PE files).`);
  return lines.join("\n");
}

main();
