/**
 * The one bounds check for bytes read from a file. Every offset and length
 * taken from a file is hostile, so each read names its field and raises
 * BoundsError with the numbers when it would leave the bytes it may use.
 */
import { BoundsError } from "../errors.js";

/** Raise BoundsError unless `length` bytes at `offset` fit inside `limit`. */
export function checkRange(field: string, offset: number, length: number, limit: number): void {
  const valid =
    Number.isSafeInteger(offset) &&
    Number.isSafeInteger(length) &&
    offset >= 0 &&
    length >= 0 &&
    offset + length <= limit;
  if (!valid) throw new BoundsError(field, offset, length, limit);
}

/**
 * Little-endian reads over a Uint8Array. The DataView covers exactly the
 * array's own bytes, so a view over a pooled Node Buffer never reaches its
 * neighbours in the pool.
 */
export class ByteView {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.byteLength;
  }

  uint16(field: string, offset: number): number {
    checkRange(field, offset, 2, this.length);
    return this.view.getUint16(offset, true);
  }

  uint32(field: string, offset: number): number {
    checkRange(field, offset, 4, this.length);
    return this.view.getUint32(offset, true);
  }

  /** Return a view (not a copy) of `length` bytes at `offset`. */
  subarray(field: string, offset: number, length: number): Uint8Array {
    checkRange(field, offset, length, this.length);
    return this.bytes.subarray(offset, offset + length);
  }
}
