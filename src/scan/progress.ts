import { dirname } from "node:path";
import { toPrintableText } from "../printable-text.js";
import type { ScanCounts } from "../store/scan-store.js";

/** Milliseconds between progress redraws. */
const redrawIntervalInMilliseconds = 250;

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/**
 * A one-line progress display on a terminal: files, bytes, rate and the
 * folder being read, redrawn in place at most four times a second.
 */
export class ProgressLine {
  private lastDraw = 0;
  private lastWidth = 0;
  private readonly startedAt = Date.now();

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(counts: ScanCounts, currentPath: string | undefined): void {
    const now = Date.now();
    if (now - this.lastDraw < redrawIntervalInMilliseconds) return;
    this.lastDraw = now;
    const seconds = Math.max((now - this.startedAt) / 1000, 0.001);
    const rate = formatBytes(counts.bytes_read / seconds);
    const folder = currentPath ? toPrintableText(dirname(currentPath)) : "";
    let line =
      `${counts.files_seen} files, ${counts.files_read} read, ${counts.files_cached} unchanged, ` +
      `${formatBytes(counts.bytes_read)} at ${rate}/s  ${folder}`;
    const columns = this.stream.columns ?? 100;
    if (line.length > columns - 1) line = `${line.slice(0, columns - 2)}…`;
    this.stream.write(`\r${line.padEnd(this.lastWidth)}`);
    this.lastWidth = line.length;
  }

  clear(): void {
    if (this.lastWidth > 0) this.stream.write(`\r${" ".repeat(this.lastWidth)}\r`);
    this.lastWidth = 0;
  }
}
