/**
 * Inspect one file: read it once, hash it, and read its embedded signatures
 * into a FileReport. Never rejects, because every failure ends up in the report.
 */
import { describeError } from "../errors.js";
import type { FileReport } from "../model.js";
import { analyzeImage, findCertificateTableRange } from "./analyze-image.js";
import { Anomaly } from "./anomalies.js";
import { looksLikePeImage, startsWithDosSignature } from "./looks-like-pe-image.js";
import {
  readFileOnce,
  readFileOnceSync,
  type FileReadResult,
  type ReadOnceOptions,
  type ReadOnceSyncOptions,
} from "./read-file-once.js";

export { looksLikePeImage, startsWithDosSignature };

export type InspectOptions = ReadOnceOptions;

export async function inspectFile(path: string, options: InspectOptions = {}): Promise<FileReport> {
  const report = emptyReport(path);
  try {
    completeReport(report, await readFileOnce(path, findCertificateTableRange, options));
  } catch (error) {
    // An I/O failure, or a bug below: either way this file's report carries it.
    report.Error = describeError(error);
  }
  return report;
}

/** Inspect a file with synchronous I/O, for worker threads (see readFileOnceSync). Never throws, because every error goes into the report. */
export function inspectFileSync(path: string, options: ReadOnceSyncOptions = {}): FileReport {
  const report = emptyReport(path);
  try {
    completeReport(report, readFileOnceSync(path, findCertificateTableRange, options));
  } catch (error) {
    report.Error = describeError(error);
  }
  return report;
}

function emptyReport(path: string): FileReport {
  return {
    FilePath: path,
    SHA1: null,
    FileSize: null,
    IsPeImage: false,
    IsSigned: false,
    Anomalies: [],
    Error: null,
    Signatures: [],
  };
}

/** Fill `report` from one read of the file: hash, size, then the signatures. */
function completeReport(report: FileReport, read: FileReadResult): void {
  report.SHA1 = read.sha1;
  report.FileSize = read.bytesRead;
  report.IsPeImage = startsWithDosSignature(read.head);
  if (read.bytesRead !== read.sizeAtOpen) {
    report.Anomalies.push(Anomaly.FileSizeChangedDuringRead);
    report.Error = `file size changed while it was read: ${read.sizeAtOpen} bytes at open, ${read.bytesRead} read`;
    return;
  }

  const analysis = analyzeImage(read.head, read.sizeAtOpen, read.captured);
  report.Signatures = analysis.signatures;
  report.IsSigned = analysis.signatures.length > 0;
  report.Anomalies.push(...analysis.anomalies);
  report.Error = analysis.error;
}
