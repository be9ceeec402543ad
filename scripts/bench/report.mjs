// The benchmark's table, and its section of docs/benchmarks.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const columns = ["Measurement", "signsweep", "Floor", "Ratio", "Target", "Result"];

/** Render rows ({ measurement, value, floor, ratio, target, result }) as a Markdown table. */
export function renderTable(rows) {
  const cells = rows.map((row) => [row.measurement, row.value, row.floor, row.ratio, row.target, row.result]);
  const widths = columns.map((name, index) => Math.max(name.length, ...cells.map((cell) => cell[index].length)));
  const line = (values) => `| ${values.map((value, index) => value.padEnd(widths[index])).join(" | ")} |`;
  return [line(columns), line(widths.map((width) => "-".repeat(width))), ...cells.map(line)].join("\n");
}

export const formatSeconds = (seconds) => (Number.isNaN(seconds) ? "n/a" : `${seconds.toFixed(2)} s`);
export const formatMegabytes = (kib) => (Number.isNaN(kib) ? "n/a (GNU time missing)" : `${(kib / 1024).toFixed(0)} MiB`);
export const formatRatio = (ratio) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "n/a");
export const formatCount = (count) => Math.round(count).toLocaleString("en-US");
export function verdict(met) {
  if (met === undefined) return "not measured";
  return met ? "met" : "missed";
}

const sectionHeading = "## Sweep";

/**
 * Write `body` as the subsection `### label` of the "Sweep" section of `path`,
 * replacing a subsection of the same label and keeping every other section
 * and subsection.
 */
export function writeSweepSection(path, label, body, preamble) {
  const text = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
  const sections = splitByHeading(text, /^## /m);
  let index = sections.findIndex((section) => section.startsWith(`${sectionHeading}\n`));
  if (index < 0) {
    sections.push(`${sectionHeading}\n\n${preamble}\n`);
    index = sections.length - 1;
  }
  const subsections = splitByHeading(sections[index], /^### /m);
  const heading = `### ${label}`;
  const replacement = `${heading}\n\n${body.trim()}\n\n`;
  const existing = subsections.findIndex((part) => part.startsWith(`${heading}\n`));
  if (existing >= 0) subsections[existing] = replacement;
  else subsections.push(replacement);
  subsections[0] = `${sectionHeading}\n\n${preamble}\n\n`;
  sections[index] = subsections.join("").trimEnd() + "\n\n";
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, sections.join("").trimEnd() + "\n");
}

/** Split `text` before every line that `pattern` matches; the first part is what precedes them. */
function splitByHeading(text, pattern) {
  const parts = [];
  let rest = text;
  for (;;) {
    const match = new RegExp(pattern.source, "m").exec(rest.slice(1));
    if (!match) break;
    const at = match.index + 1;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  parts.push(rest);
  return parts;
}
