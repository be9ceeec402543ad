/**
 * Open a file for reading only when it is a regular file. open(2) on a FIFO
 * blocks until a writer appears, and a device such as /dev/zero never ends,
 * so the path is opened with O_NONBLOCK and the opened handle, not the path,
 * is checked with fstat before any byte is read.
 */
import { closeSync, constants, fstatSync, openSync, type BigIntStats } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { FileReadError } from "../errors.js";

/**
 * O_RDONLY | O_NONBLOCK. Windows has no O_NONBLOCK (fs.constants lacks it),
 * and there a FIFO cannot sit at a file path, so O_RDONLY alone is enough.
 */
const readFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export interface OpenExpectations {
  /**
   * `${dev}:${ino}` of the file the caller saw at lstat time, the form of the
   * sweep's FileIdentity.fileId. A different file at open time is rejected.
   */
  expectedFileId?: string;
}

/** Return the `${dev}:${ino}` identity of an opened or stat-ed file. The sweep
 * uses the same form for its cache and its open-time check. */
export function fileIdOf(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}`;
}

/** Raise FileReadError unless `stats` describe a regular file with the expected identity. */
function checkOpened(path: string, stats: BigIntStats, expectations: OpenExpectations): void {
  if (!stats.isFile()) {
    throw new FileReadError("NotRegularFile", `${path}: not a regular file (${fileTypeName(stats)}); not read`);
  }
  const fileId = fileIdOf(stats);
  if (expectations.expectedFileId !== undefined && fileId !== expectations.expectedFileId) {
    throw new FileReadError(
      "FileChangedDuringSweep",
      `${path}: replaced after it was listed (file id ${expectations.expectedFileId} when listed, ${fileId} when opened); not read`,
    );
  }
}

function fileTypeName(stats: BigIntStats): string {
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  if (stats.isDirectory()) return "a folder";
  return "not a regular file";
}

/**
 * Open `path` for reading and return the handle with its size. Raises
 * FileReadError for anything but a regular file.
 */
export async function openRegularFile(
  path: string,
  expectations: OpenExpectations = {},
): Promise<{ handle: FileHandle; size: number }> {
  const handle = await open(path, readFlags);
  try {
    const stats = await handle.stat({ bigint: true });
    checkOpened(path, stats, expectations);
    return { handle, size: Number(stats.size) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Open like openRegularFile with synchronous I/O. The caller closes the returned descriptor. */
export function openRegularFileSync(path: string, expectations: OpenExpectations = {}): { fd: number; size: number } {
  const fd = openSync(path, readFlags);
  try {
    const stats = fstatSync(fd, { bigint: true });
    checkOpened(path, stats, expectations);
    return { fd, size: Number(stats.size) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
