/**
 * The readable form of a hunt report: rules with results first, each result
 * row with the table rows behind it, then the rules that found nothing, then
 * one summary line.
 */
import { toPrintableText } from "../printable-text.js";
import type { HuntReport, HuntResult, HuntResultRow, MatchedRow } from "./run-hunts.js";

const indent = "  ";

/** Table rows printed under one result row; `--json` lists them all. */
export const maxPrintedSourceRows = 25;

export function formatHuntReport(report: HuntReport): string {
  const lines: string[] = [];
  const matched = report.hunts.filter((hunt) => hunt.results.length > 0);
  const unmatched = report.hunts.filter((hunt) => hunt.results.length === 0);

  // Rules with results that are not allowed come first: those need a responder.
  const ordered = [...matched].sort((a, b) => Number(b.unallowedResultCount > 0) - Number(a.unallowedResultCount > 0));
  for (const hunt of ordered) lines.push(...formatMatchedHunt(hunt), "");

  if (unmatched.length > 0) {
    lines.push(`No results (${unmatched.length} ${plural(unmatched.length, "rule")}):`);
    for (const hunt of unmatched) lines.push(`${indent}${hunt.name}`);
    lines.push("");
  }
  if (report.allowlists.length > 0) lines.push(`Allowlists: ${report.allowlists.join(", ")}`);
  lines.push(summaryLine(report));
  // Signers, paths and rule names come from files, so each line is made safe for a terminal.
  return `${lines.map(toPrintableText).join("\n")}\n`;
}

function formatMatchedHunt(hunt: HuntResult): string[] {
  const label = hunt.unallowedResultCount > 0 ? "MATCH" : "ALLOWED";
  const lines = [
    `${label}: ${hunt.name}`,
    `${indent}rule ${hunt.id} (${hunt.source})${describeTactics(hunt)}`,
  ];
  hunt.results.forEach((row, index) => lines.push(...formatResultRow(row, index, hunt.results.length)));
  return lines;
}

function describeTactics(hunt: HuntResult): string {
  const tags = [...hunt.tactics, ...hunt.relevantTechniques];
  return tags.length > 0 ? `, ${tags.join(" ")}` : "";
}

function formatResultRow(row: HuntResultRow, index: number, resultCount: number): string[] {
  const status = row.Allowed ? ` [allowed: ${row.AllowReason}]` : "";
  const lines = [`${indent}result ${index + 1} of ${resultCount}${status}`];
  for (const [column, value] of Object.entries(row.Row)) {
    lines.push(`${indent}${indent}${column}: ${formatValue(value)}`);
  }
  const total = row.SourceRows.length;
  lines.push(`${indent}${indent}${total} ${plural(total, "table row")} behind it:`);
  for (const source of row.SourceRows.slice(0, maxPrintedSourceRows)) {
    lines.push(`${indent.repeat(3)}${formatMatchedRow(source)}`);
  }
  if (total > maxPrintedSourceRows) {
    lines.push(`${indent.repeat(3)}... and ${total - maxPrintedSourceRows} more; use --json to list them all`);
  }
  return lines;
}

function formatMatchedRow(row: MatchedRow): string {
  const path = [row.FolderPath, row.FileName].filter((part) => part !== null).join(pathSeparator(row));
  const parts = [
    String(row.Timestamp),
    path,
    `Signer "${row.Signer ?? ""}"`,
    `SignerHash ${row.SignerHash ?? "-"}`,
    `SHA1 ${row.SHA1 ?? "-"}`,
    `ReportId ${row.ReportId}`,
    `DeviceName ${row.DeviceName}`,
  ];
  if (row.Allowed) parts.push(`[allowed: ${row.AllowReason}]`);
  return parts.join("  ");
}

/** Windows folders keep their backslashes in the output. */
function pathSeparator(row: MatchedRow): string {
  return typeof row.FolderPath === "string" && row.FolderPath.includes("\\") ? "\\" : "/";
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

function summaryLine(report: HuntReport): string {
  const { rulesRun, rulesMatched, rulesWithUnallowedResults, resultRows, allowedResultRows } = report.summary;
  return (
    `${rulesRun} ${plural(rulesRun, "rule")} run, ${rulesMatched} matched ` +
    `(${rulesWithUnallowedResults} with results not allowed); ` +
    `${resultRows} result ${plural(resultRows, "row")}, ${allowedResultRows} allowed`
  );
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
