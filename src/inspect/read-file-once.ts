/**
 * One sequential pass over a file: SHA-1 of every byte, the first bytes kept
 * for the headers, and one byte range captured as it streams past. Memory
 * stays at one chunk plus the head plus the captured range, whatever the
 * file's size; positions are plain numbers, exact up to 2^53 bytes.
 */
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import type { ByteRange } from "../pe/certificate-table-range.js";

/** Bytes kept from the start of the file; PE headers sit well inside this. */
export const headLimitInBytes = 64 * 1024;

/** Size of each read. */
export const readChunkSizeInBytes = 1024 * 1024;

export interface ReadOnceOptions {
  headLimitInBytes?: number;
  chunkSizeInBytes?: number;
}

export interface FileReadResult {
  sha1: string;
  /** Size reported by fstat when the file was opened. */
  sizeAtOpen: number;
  /** Bytes actually read; differs from sizeAtOpen when the file changed meanwhile. */
  bytesRead: number;
  head: Uint8Array;
  /** The bytes of the range planCapture chose, or null when it chose none. */
  captured: Uint8Array | null;
}

/**
 * Read `path` once. When the head is full (or the file ends first),
 * `planCapture(head, sizeAtOpen)` names the range to keep.
 */
export async function readFileOnce(
  path: string,
  planCapture: (head: Uint8Array, fileSize: number) => ByteRange | null,
  options: ReadOnceOptions = {},
): Promise<FileReadResult> {
  const headLimit = options.headLimitInBytes ?? headLimitInBytes;
  const chunkSize = options.chunkSizeInBytes ?? readChunkSizeInBytes;

  const handle = await open(path, "r");
  try {
    const sizeAtOpen = (await handle.stat()).size;
    const hash = createHash("sha1");
    const head = new Uint8Array(Math.min(headLimit, sizeAtOpen));
    // allocUnsafeSlow: a buffer of our own, never a slice of Node's shared pool.
    const chunk = Buffer.allocUnsafeSlow(chunkSize);
    let headLength = 0;
    let capture: Capture | null | undefined;

    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunkSize, position);
      if (bytesRead === 0) break;
      const bytes = chunk.subarray(0, bytesRead);
      hash.update(bytes);

      // Fill the head first; once it is full, plan the capture and replay the head into it.
      let consumed = 0;
      if (capture === undefined) {
        consumed = Math.min(head.length - headLength, bytesRead);
        head.set(bytes.subarray(0, consumed), headLength);
        headLength += consumed;
        if (headLength === head.length) capture = startCapture(planCapture(head, sizeAtOpen), head);
      }
      capture?.take(bytes.subarray(consumed), position + consumed);
      position += bytesRead;
    }

    const finalHead = head.subarray(0, headLength);
    capture ??= startCapture(planCapture(finalHead, sizeAtOpen), finalHead);
    return {
      sha1: hash.digest("hex"),
      sizeAtOpen,
      bytesRead: position,
      head: finalHead,
      captured: capture?.bytes ?? null,
    };
  } finally {
    await handle.close();
  }
}

interface Capture {
  bytes: Uint8Array;
  take(bytes: Uint8Array, fileOffset: number): void;
}

/** Start capturing `range`, taking whatever part of it the head already holds. */
function startCapture(range: ByteRange | null, head: Uint8Array): Capture | null {
  if (range === null) return null;
  const bytes = new Uint8Array(range.length);
  const capture: Capture = {
    bytes,
    take(chunk, fileOffset) {
      const start = Math.max(range.offset, fileOffset);
      const end = Math.min(range.offset + range.length, fileOffset + chunk.length);
      if (start >= end) return;
      bytes.set(chunk.subarray(start - fileOffset, end - fileOffset), start - range.offset);
    },
  };
  capture.take(head, 0);
  return capture;
}
