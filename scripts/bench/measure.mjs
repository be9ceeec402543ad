// Run a command as a child process and measure it: wall time from the
// parent, user and system CPU and peak resident memory from GNU time.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const gnuTime = "/usr/bin/time";

/** True when GNU time is installed (Debian package `time`); without it, memory is not measured. */
export function hasGnuTime() {
  return existsSync(gnuTime);
}

/**
 * Run `command args` and return { seconds, cpuSeconds, maxRssKiB, stdout }.
 * Throws with the command's stderr when it exits non-zero.
 */
export function measure(command, args, { cwd } = {}) {
  const folder = mkdtempSync(join(tmpdir(), "signsweep-measure-"));
  const report = join(folder, "time.txt");
  const wrapped = hasGnuTime() ? [gnuTime, ["-v", "-o", report, command, ...args]] : [command, args];
  const started = process.hrtime.bigint();
  const result = spawnSync(wrapped[0], wrapped[1], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  try {
    if (result.error) throw result.error;
    if (result.status !== 0) {
      throw new Error(`${command} ${args.join(" ")} exited with ${result.status}: ${result.stderr.trim().split("\n").slice(-3).join(" | ")}`);
    }
    const usage = hasGnuTime() ? parseGnuTime(readFileSync(report, "utf8")) : { cpuSeconds: NaN, maxRssKiB: NaN };
    return { seconds, ...usage, stdout: result.stdout };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function parseGnuTime(text) {
  const field = (name) => {
    const match = new RegExp(`${name}[^:]*:\\s*([0-9.]+)`).exec(text);
    return match ? Number(match[1]) : NaN;
  };
  return {
    cpuSeconds: field("User time") + field("System time"),
    maxRssKiB: field("Maximum resident set size"),
  };
}

export function median(values) {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Return the median of each measured field over the repetitions. */
export function medians(runs) {
  const keys = ["seconds", "cpuSeconds", "maxRssKiB"];
  return Object.fromEntries(keys.map((key) => [key, median(runs.map((run) => run[key]))]));
}
