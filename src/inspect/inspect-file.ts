/**
 * Inspect one file: read it once, hash it, and read its embedded signatures
 * into a FileReport. Never rejects; every failure ends up in the report.
 */
import { describeError } from "../errors.js";
import type { FileReport } from "../model.js";
import { analyzeImage, findCertificateTableRange } from "./analyze-image.js";
import { Anomaly } from "./anomalies.js";
import { looksLikePeImage } from "./looks-like-pe-image.js";
import { readFileOnce, type ReadOnceOptions } from "./read-file-once.js";

export { looksLikePeImage };

export type InspectOptions = ReadOnceOptions;

export async function inspectFile(path: string, options: InspectOptions = {}): Promise<FileReport> {
  const report: FileReport = {
    FilePath: path,
    SHA1: null,
    FileSize: null,
    IsPeImage: false,
    IsSigned: false,
    Anomalies: [],
    Error: null,
    Signatures: [],
  };

  try {
    const read = await readFileOnce(path, findCertificateTableRange, options);
    report.SHA1 = read.sha1;
    report.FileSize = read.bytesRead;
    report.IsPeImage = looksLikePeImage(read.head);
    if (read.bytesRead !== read.sizeAtOpen) {
      report.Anomalies.push(Anomaly.FileSizeChangedDuringRead);
      report.Error = `file size changed while it was read: ${read.sizeAtOpen} bytes at open, ${read.bytesRead} read`;
      return report;
    }

    const analysis = analyzeImage(read.head, read.sizeAtOpen, read.captured);
    report.Signatures = analysis.signatures;
    report.IsSigned = analysis.signatures.length > 0;
    report.Anomalies.push(...analysis.anomalies);
    report.Error = analysis.error;
  } catch (error) {
    // An I/O failure, or a bug below: either way this file's report carries it.
    report.Error = describeError(error);
  }
  return report;
}
