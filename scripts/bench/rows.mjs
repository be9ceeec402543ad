// The rows of the benchmark table, each with its target and verdict.
import { formatCount, formatMegabytes, formatRatio, formatSeconds, verdict } from "./report.mjs";

export const targets = {
  sweepRatio: 1.3,
  rescanFilesPerSecond: 50_000,
  rescanRatio: 2,
  maxRssMiB: 200,
  huntSeconds: 2,
};

/** Labels of every row, in order; the smoke test checks that each is printed. */
export const rowLabels = [
  "Full sweep",
  "Rescan, unchanged",
  "Peak RSS, full sweep",
  "Peak RSS, rescan",
  "Peak RSS, one huge file",
  "Hunt, built-in rules",
];

const withCpu = (run) => `${formatSeconds(run.seconds)} (CPU ${formatSeconds(run.cpuSeconds)})`;

function treeRows(prefix, tree) {
  const sweepRatio = tree.sweep.seconds / tree.floor.seconds;
  const rescanRatio = tree.rescan.seconds / tree.walk.seconds;
  const filesPerSecond = tree.filesSeen / tree.rescan.seconds;
  return [
    {
      measurement: `${prefix}Full sweep`,
      value: withCpu(tree.sweep),
      floor: `${withCpu(tree.floor)} sha1sum`,
      ratio: `${formatRatio(sweepRatio)} (CPU ${formatRatio(tree.sweep.cpuSeconds / tree.floor.cpuSeconds)})`,
      target: `≤ ${targets.sweepRatio}×`,
      result: verdict(sweepRatio <= targets.sweepRatio),
    },
    {
      measurement: `${prefix}Rescan, unchanged`,
      value: `${withCpu(tree.rescan)}, ${formatCount(filesPerSecond)} files/s`,
      floor: `${withCpu(tree.walk)} walk`,
      ratio: `${formatRatio(rescanRatio)} (CPU ${formatRatio(tree.rescan.cpuSeconds / tree.walk.cpuSeconds)})`,
      target: `≤ ${targets.rescanRatio}×, ≥ ${formatCount(targets.rescanFilesPerSecond)} files/s`,
      result: verdict(rescanRatio <= targets.rescanRatio && filesPerSecond >= targets.rescanFilesPerSecond),
    },
  ];
}

function memoryRow(measurement, kib) {
  const mib = kib / 1024;
  return {
    measurement, value: formatMegabytes(kib), floor: "", ratio: "", target: `< ${targets.maxRssMiB} MiB`,
    result: Number.isNaN(mib) ? verdict(undefined) : verdict(mib < targets.maxRssMiB),
  };
}

export function buildRows({ options, corpus, main, hunt, huge, wine }) {
  const rows = treeRows("", main);
  rows[0].measurement += ` (${formatCount(main.filesSeen)} files, ${(corpus.bytes / 1024 ** 3).toFixed(2)} GiB)`;
  rows.push(memoryRow("Peak RSS, full sweep", main.sweep.maxRssKiB));
  rows.push(memoryRow("Peak RSS, rescan", main.rescan.maxRssKiB));
  rows.push(memoryRow(`Peak RSS, one huge file (${options.largeFileGib} GiB, ${formatSeconds(huge.seconds)})`, huge.maxRssKiB));
  rows.push(
    hunt.skipped
      ? { measurement: "Hunt, built-in rules", value: `not yet measured: ${hunt.skipped}`, floor: "", ratio: "", target: `< ${targets.huntSeconds} s`, result: verdict(undefined) }
      : {
          measurement: `Hunt, built-in rules (${formatCount(main.filesSeen)} files)`,
          value: formatSeconds(hunt.seconds), floor: "", ratio: "", target: `< ${targets.huntSeconds} s`,
          result: verdict(hunt.seconds < targets.huntSeconds),
        },
  );
  if (wine) rows.push(...treeRows(`Wine PE DLLs (${formatCount(wine.filesSeen)} files): `, wine));
  return rows;
}
