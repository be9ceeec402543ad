/**
 * `signsweep inspect [--json] <file...>`: read the embedded signatures of
 * single files and print them, as JSON or as one readable block per file.
 */
import type { Command } from "commander";
import { inspectFile } from "../inspect/inspect-file.js";
import type { FileReport, SignatureRecord } from "../model.js";
import { toPrintableText } from "../printable-text.js";

interface InspectCommandOptions {
  json: boolean;
}

/** Exit status when at least one file could not be read at all. */
const EXIT_UNREADABLE_FILE = 1;

export function addInspectCommand(program: Command): void {
  program
    .command("inspect")
    .description("read the Authenticode signatures embedded in PE files and print them")
    .argument("<file...>", "PE files to read (exe, dll, sys, efi, ...)")
    .option("--json", "print one JSON array of file reports instead of readable text", false)
    .action(async (files: string[], options: InspectCommandOptions) => {
      const reports: FileReport[] = [];
      for (const file of files) reports.push(await inspectFile(file));

      if (options.json) {
        process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
      } else {
        process.stdout.write(reports.map(formatReport).join("\n"));
      }

      // A file that was read is a success even when unsigned or malformed, because its report records that.
      const unreadable = reports.filter((report) => report.SHA1 === null);
      for (const report of unreadable) {
        process.stderr.write(`signsweep inspect: ${toPrintableText(describeReadFailure(report))}\n`);
      }
      if (unreadable.length > 0) process.exitCode = EXIT_UNREADABLE_FILE;
    });
}

/** Turn a read failure into one line that names the file and the usual reason. */
function describeReadFailure(report: FileReport): string {
  const error = report.Error ?? "unknown error";
  const reasons: Record<string, string> = {
    ENOENT: "file not found",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EISDIR: "is a folder, not a file; use 'signsweep scan' for folders",
    EBUSY: "file is locked by another process",
  };
  const code = /^([A-Z]+):/.exec(error)?.[1];
  const reason = code !== undefined ? reasons[code] : undefined;
  return `cannot read '${report.FilePath}': ${reason ?? error}`;
}

const fileIndent = "  ";
const signatureIndent = "    ";

function formatReport(report: FileReport): string {
  const lines = [
    report.FilePath,
    field(fileIndent, "SHA1", report.SHA1),
    field(fileIndent, "FileSize", report.FileSize),
    field(fileIndent, "IsPeImage", report.IsPeImage),
    field(fileIndent, "IsSigned", report.IsSigned),
    field(fileIndent, "Anomalies", report.Anomalies.length > 0 ? report.Anomalies.join(", ") : "none"),
    field(fileIndent, "Error", report.Error ?? "none"),
  ];
  for (const signature of report.Signatures) lines.push(...formatSignature(signature));
  // Names, URLs and paths come from the file, so each line is made safe for a terminal.
  return `${lines.map(toPrintableText).join("\n")}\n`;
}

function formatSignature(signature: SignatureRecord): string[] {
  const { SignatureIndex, SignatureType, ...fields } = signature;
  const lines = [`${fileIndent}Signature ${SignatureIndex} (${SignatureType})`];
  for (const [name, value] of Object.entries(fields)) {
    const shown = Array.isArray(value) ? value.join(" ") || null : value;
    lines.push(field(signatureIndent, name, shown));
  }
  return lines;
}

/** Column where values start, past the longest name (CertificateCountersignatureTime). */
const valueColumn = 38;

function field(indent: string, name: string, value: string | number | boolean | null): string {
  return `${`${indent}${name}:`.padEnd(valueColumn)}${value ?? "-"}`;
}
