import { statSync } from "node:fs";
import { constants, setPriority } from "node:os";
import { Command, InvalidArgumentError, Option } from "commander";
import { openDatabase } from "../store/open-database.js";
import { defaultDatabasePath, defaultDataDirectory, defaultExtensions, windowsDriveRoots } from "../scan/defaults.js";
import { deviceIdFile, hostDeviceId, hostDeviceName, isDeviceId, type DeviceIdentity } from "../scan/identity.js";
import { formatBytes, ProgressLine } from "../scan/progress.js";
import { bytesPerMegabyte } from "../scan/read-rate-limiter.js";
import { distinctRoots } from "../scan/roots.js";
import { runScan, type ScanSummary } from "../scan/scanner.js";
import { UsageError } from "./usage-error.js";

/** Files read at the same time when --concurrency is not given. */
const defaultConcurrency = 4;

function parseExtensions(value: string): string[] {
  const extensions = value
    .split(",")
    .map((extension) => extension.trim().replace(/^\./, "").toLowerCase())
    .filter((extension) => extension.length > 0);
  if (extensions.length === 0) {
    throw new InvalidArgumentError("expected a comma-separated list such as exe,dll,sys");
  }
  for (const extension of extensions) {
    if (!/^[\p{L}\p{N}_-]+$/u.test(extension)) {
      throw new InvalidArgumentError(`'${extension}' is not a file extension; use letters and digits only`);
    }
  }
  return extensions;
}

/** Largest --concurrency accepted. */
const maxConcurrency = 64;

function parsePositiveInteger(value: string): number {
  // Digits only: Number() would also take "1e1", "0x10" and " 4".
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < 1 || number > maxConcurrency) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${maxConcurrency}, written in digits`);
  }
  return number;
}

function parseDeviceName(value: string): string {
  if (value.trim().length === 0) {
    throw new InvalidArgumentError("expected a host name, such as workstation-07; the value is empty");
  }
  return value;
}

/** Largest --max-read-rate accepted, in MB/s: far above any disk, so a typo is caught. */
const maxReadRateLimitInMegabytesPerSecond = 100_000;

function parseReadRate(value: string): number {
  const rate = Number(value);
  if (!/^\s*[0-9.]+\s*$/.test(value) || !Number.isFinite(rate) || rate <= 0 || rate > maxReadRateLimitInMegabytesPerSecond) {
    throw new InvalidArgumentError(
      `expected megabytes per second as a number above 0 and up to ${maxReadRateLimitInMegabytesPerSecond}, such as 20 or 2.5`,
    );
  }
  return rate;
}

/** Default --max-file-size in GiB: far above any real PE image, well below a sparse-file trap. */
const defaultMaxFileSizeInGibibytes = 16;
const bytesPerGibibyte = 1024 ** 3;

function parseMaxFileSize(value: string): number {
  const gibibytes = Number(value);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value.trim()) || !Number.isFinite(gibibytes) || gibibytes < 0) {
    throw new InvalidArgumentError("expected a size in GiB, such as 16 or 0.5, or 0 to read files of any size");
  }
  return gibibytes;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

interface ScanCommandOptions {
  db?: string;
  deviceName?: string;
  deviceId?: string;
  ext: string[];
  allFiles: boolean;
  exclude: string[];
  quiet: boolean;
  concurrency: number;
  lowPriority: boolean;
  maxReadRate?: number;
  maxFileSize: number;
}

function resolveRoots(roots: string[]): string[] {
  if (roots.length === 0) {
    if (process.platform === "win32") return windowsDriveRoots();
    throw new UsageError("scan needs at least one root folder, for example: signsweep scan /mnt/image");
  }
  for (const root of roots) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(root).isDirectory();
    } catch (error) {
      throw new UsageError(`root '${root}' cannot be read: ${(error as Error).message}`);
    }
    if (!isDirectory) {
      throw new UsageError(`root '${root}' is not a folder; use 'signsweep inspect' for single files`);
    }
  }
  return distinctRoots(roots);
}

function resolveDevice(options: ScanCommandOptions): DeviceIdentity {
  if (options.deviceId !== undefined && !isDeviceId(options.deviceId)) {
    throw new UsageError(
      `--device-id '${options.deviceId}' is invalid: expected 40 lowercase hex characters, like a SHA-1`,
    );
  }
  return {
    DeviceId: options.deviceId ?? hostDeviceId(deviceIdFile(defaultDataDirectory())),
    DeviceName: (options.deviceName ?? hostDeviceName()).toLowerCase(),
  };
}

function summaryLine(summary: ScanSummary, databasePath: string): string {
  const counts = summary.counts;
  return (
    `scan ${summary.scanId} ${summary.status}: ${counts.files_seen} files seen, ${counts.files_read} read ` +
    `(${formatBytes(counts.bytes_read)}), ${counts.files_cached} unchanged, ${counts.files_not_pe} not PE, ` +
    `${counts.files_signed} signed, ${counts.files_unsigned} unsigned, ${counts.files_failed} failed; ` +
    `${counts.signature_rows} rows in ${databasePath}`
  );
}

async function scanAction(rootArguments: string[], options: ScanCommandOptions): Promise<void> {
  const roots = resolveRoots(rootArguments);
  const device = resolveDevice(options);
  const databasePath = options.db ?? defaultDatabasePath();
  if (options.lowPriority) setPriority(constants.priority.PRIORITY_LOW);

  const db = openDatabase(databasePath);
  const abort = new AbortController();
  const onSignal = (): void => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write("\nsignsweep: stopping; files still being read are left out of this sweep. Press Ctrl+C again to quit now\n");
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const progress = !options.quiet && process.stderr.isTTY ? new ProgressLine(process.stderr) : undefined;
  try {
    const summary = await runScan(db, {
      roots,
      device,
      extensions: options.ext,
      allFiles: options.allFiles,
      exclude: options.exclude,
      concurrency: options.concurrency,
      ...(options.maxReadRate === undefined ? {} : { maxBytesPerSecond: options.maxReadRate * bytesPerMegabyte }),
      ...(options.maxFileSize === 0 ? {} : { maxFileSizeInBytes: options.maxFileSize * bytesPerGibibyte }),
      recordedOptions: {
        extensions: options.allFiles ? "all files" : options.ext,
        exclude: options.exclude,
        deviceNameOverride: options.deviceName ?? null,
        deviceIdOverride: options.deviceId ?? null,
        maxReadRateInMegabytesPerSecond: options.maxReadRate ?? null,
        maxFileSizeInGibibytes: options.maxFileSize === 0 ? null : options.maxFileSize,
      },
      signal: abort.signal,
      ...(progress ? { onProgress: (counts, path) => progress.update(counts, path) } : {}),
    });
    progress?.clear();
    if (!options.quiet) process.stdout.write(`${summaryLine(summary, databasePath)}\n`);
    if (summary.status === "interrupted") process.exitCode = 130;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    db.close();
  }
}

export function addScanCommand(program: Command): void {
  program
    .command("scan")
    .description("sweep folders into the DeviceFileCertificateInfo table of the local database")
    .argument("[root...]", "folders or drive roots to sweep (on Windows, all fixed drives when none is given)")
    .option("--db <path>", `database file (default: ${defaultDatabasePath()})`)
    .addOption(
      new Option("--device-name <name>", "DeviceName to record, e.g. for a mounted image of another host").argParser(
        parseDeviceName,
      ),
    )
    .option("--device-id <id>", "DeviceId to record: 40 lowercase hex characters")
    .addOption(
      new Option("--ext <list>", "comma-separated file extensions to read")
        .argParser(parseExtensions)
        .default([...defaultExtensions], defaultExtensions.join(",")),
    )
    .option("--all-files", "read the first bytes of every file and keep the PE images, whatever their names", false)
    .option("--exclude <glob>", "leave out paths matching this glob, relative to each root (repeatable)", collect, [])
    .option("-q, --quiet", "print neither progress nor the summary line", false)
    .addOption(
      new Option("--concurrency <n>", "files read at the same time")
        .argParser(parsePositiveInteger)
        .default(defaultConcurrency),
    )
    .option("--low-priority", "lower the sweep's CPU priority so it stays in the background", false)
    .addOption(
      new Option(
        "--max-read-rate <MB/s>",
        "cap the bytes read per second, in megabytes (1,000,000 bytes) per second, so a sweep stays in the background",
      ).argParser(parseReadRate),
    )
    .addOption(
      new Option("--max-file-size <GiB>", "record larger files as FileTooLarge errors instead of reading them; 0 for no limit")
        .argParser(parseMaxFileSize)
        .default(defaultMaxFileSizeInGibibytes),
    )
    .action(scanAction);
}
