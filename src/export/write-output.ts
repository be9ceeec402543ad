/** Writes a document given as text pieces to a file, atomically, or to a stream. */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { OutputPathError, resolveOutputTarget } from "./output-target.js";

/** Perf: pieces are gathered into writes of about this size rather than one write per row. */
const writeBufferSizeInBytes = 1024 * 1024;

/** Gathers small pieces into pieces of about `writeBufferSizeInBytes`. */
function* gather(chunks: Iterable<string>): Generator<string> {
  let pending: string[] = [];
  let pendingLength = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    pendingLength += chunk.length;
    if (pendingLength >= writeBufferSizeInBytes) {
      yield pending.join("");
      pending = [];
      pendingLength = 0;
    }
  }
  if (pending.length > 0) yield pending.join("");
}

/**
 * Writes `chunks` to `path` so that readers see either the old file or the
 * whole new one: a temporary file in the same folder, fsync, then rename.
 * The folder is created when missing; the temporary file is removed on error.
 */
export function writeFileAtomically(path: string, chunks: Iterable<string>): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const fd = openSync(temporary, "wx");
  let closed = false;
  try {
    for (const piece of gather(chunks)) writeSync(fd, piece);
    fsyncSync(fd);
    closeSync(fd);
    closed = true;
    renameSync(temporary, path);
  } catch (error) {
    if (!closed) closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(folder);
}

/**
 * Writes `chunks` to the file `path` names: through a symbolic link to its
 * target, straight into a FIFO or device, and atomically to a regular file.
 */
export function writeOutputFile(path: string, chunks: Iterable<string>): void {
  const target = resolveOutputTarget(path);
  try {
    if (target.kind === "replace") writeFileAtomically(target.path, chunks);
    else writeThrough(target.path, chunks);
  } catch (error) {
    // A bare "ENOSPC: no space left on device, write" names no file.
    const reason = error instanceof Error ? error.message : String(error);
    throw new OutputPathError(`cannot write the export to '${path}': ${reason}`, { cause: error });
  }
}

/**
 * Writes into an existing special file (a FIFO, a device such as /dev/stdout)
 * without a temporary file, because renaming over it would replace the node.
 */
function writeThrough(path: string, chunks: Iterable<string>): void {
  const fd = openSync(path, "w");
  try {
    for (const piece of gather(chunks)) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}

/**
 * Flushes the folder entry of the rename on POSIX systems.
 * NOTE: Node cannot open a folder for fsync on Windows (EISDIR), so there
 * the rename is left to the file system's own flushing.
 */
function syncFolder(folder: string): void {
  if (process.platform === "win32") return;
  const fd = openSync(folder, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `chunks` to `stream` (stdout), waiting for it to drain when its buffer is full. */
export async function writeToStream(stream: Writable, chunks: Iterable<string>): Promise<void> {
  for (const piece of gather(chunks)) {
    if (!stream.write(piece)) await once(stream, "drain");
  }
}
