/**
 * A cheap pre-pass over BER/DER bytes (X.690 section 8.1) that counts the
 * elements node-forge would build from them. forge's asn1.fromDer creates
 * one JavaScript object per element, about 290 bytes each (15.7 million
 * two-byte NULLs in a 30 MiB certificate table took 4.6 GB of RSS), so the
 * count must be checked before forge runs. The walk keeps only a position
 * and a counter, and its recursion is as deep as forge's own.
 */
import { CmsFormatError } from "../errors.js";
import { Asn1ErrorCode } from "./error-codes.js";
import {
  identifierConstructedBit,
  identifierTagNumberMask,
  lengthIndefiniteForm,
  lengthLongFormBit,
  lengthOctetCountMask,
} from "./tags.js";

/**
 * Most elements accepted in one parsed input, BMPString characters included.
 * Real signatures are far smaller: node.exe 22.23.3 for Windows x64 has 805
 * elements, and the largest in native-fixtures/ (sha1-nested-sha256.exe, two
 * signatures with timestamps) has 959.
 * NOTE: 200,000 is an estimate, about 200 times the largest signature
 * measured, which also admits an unsigned attribute of 100,000 values. At
 * forge's 290 bytes per element it bounds one parse to about 60 MB.
 */
export const maxDerElementCount = 200_000;

/** forge reads at most four length octets, as one 32-bit integer (util.js, getInt). */
const maxForgeLengthOctets = 4;
const bitsPerOctet = 8;
/** forge reads a BMPString two octets at a time, whatever its length (asn1.js, _fromDer). */
const bmpStringTagNumber = 30;
const bmpStringCharSizeInBytes = 2;
/** Identifier and length octets: the fewest bytes forge accepts for an element. */
const minElementSizeInBytes = 2;

/** Raised inside the walk where forge would throw; forge then reports the fault itself. */
class ForgeWouldReject extends Error {}

interface WalkLimits {
  maxElementCount: number;
  maxDepth: number;
}

/**
 * Count the elements of the first element in `bytes` as node-forge 1.4's
 * asn1.fromDer reads them (strict, decodeBitStrings off), raising
 * CmsFormatError `Asn1TooManyElements` as soon as the count passes
 * `maxElementCount`. Where forge would reject the bytes, the count stops
 * there and is returned, so that forge's own message reaches the caller.
 */
export function countDerElements(bytes: Uint8Array, limits: WalkLimits, path: string): number {
  const walker = new ElementWalker(bytes, limits, path);
  try {
    walker.walkElement(bytes.length, 0);
  } catch (error) {
    if (!(error instanceof ForgeWouldReject)) throw error;
  }
  return walker.count;
}

/**
 * Each step copies the step of forge's _fromDer with the same name, because
 * any disagreement about where an element ends would let forge see elements
 * this walk never counted.
 */
class ElementWalker {
  count = 0;
  private position = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: WalkLimits,
    private readonly path: string,
  ) {}

  /** Walk one element allowed `remaining` bytes; return the bytes it used. */
  walkElement(remaining: number, depth: number): number {
    if (depth >= this.limits.maxDepth) throw new ForgeWouldReject();
    if (remaining < minElementSizeInBytes) throw new ForgeWouldReject();
    const start = this.position;
    const identifier = this.nextByte();
    const length = this.readLength(remaining - 1);
    let left = remaining - (this.position - start);
    if (length !== undefined && length > left) throw new ForgeWouldReject();

    this.countMore(1);
    const tagNumber = identifier & identifierTagNumberMask;
    if ((identifier & identifierConstructedBit) !== 0) {
      left -= length === undefined ? this.walkUntilEndOfContents(left, depth) : this.walkChildren(length, depth);
    } else if (length === undefined) {
      throw new ForgeWouldReject();
    } else if (tagNumber === bmpStringTagNumber) {
      left -= this.skipBmpString(length, left);
    } else {
      this.position += length;
      left -= length;
    }
    return remaining - left;
  }

  private countMore(elements: number): void {
    this.count += elements;
    if (this.count > this.limits.maxElementCount) {
      throw new CmsFormatError(
        Asn1ErrorCode.TooManyElements,
        `${this.path}: more than ${this.limits.maxElementCount} ASN.1 elements ` +
          `(limit reached at offset ${this.position})`,
      );
    }
  }

  /** Length octets as forge's _getValueLength reads them; undefined is the indefinite form. */
  private readLength(remaining: number): number | undefined {
    const first = this.nextByte();
    if (first === lengthIndefiniteForm) return undefined;
    if ((first & lengthLongFormBit) === 0) return first;

    const octetCount = first & lengthOctetCountMask;
    if (octetCount > remaining - 1 || octetCount > maxForgeLengthOctets) throw new ForgeWouldReject();
    let length = 0;
    for (let i = 0; i < octetCount; i++) {
      // Same 32-bit arithmetic as forge, so a length with the top bit set
      // turns negative here exactly as it does there.
      length = (length << bitsPerOctet) + this.nextByte();
    }
    if (length < 0) throw new ForgeWouldReject();
    return length;
  }

  private walkChildren(length: number, depth: number): number {
    let left = length;
    while (left > 0) left -= this.walkElement(left, depth + 1);
    return length;
  }

  private walkUntilEndOfContents(remaining: number, depth: number): number {
    let left = remaining;
    for (;;) {
      if (left < minElementSizeInBytes) throw new ForgeWouldReject();
      if (this.bytes[this.position] === 0 && this.bytes[this.position + 1] === 0) {
        this.position += minElementSizeInBytes;
        return remaining - left + minElementSizeInBytes;
      }
      left -= this.walkElement(left, depth + 1);
    }
  }

  /**
   * forge builds a BMPString one character at a time (16 MiB of it took
   * 590 MB of RSS), so each character counts as an element here. An odd
   * length is consumed rounded up to even, as forge reads it.
   */
  private skipBmpString(length: number, remaining: number): number {
    const characters = Math.ceil(length / bmpStringCharSizeInBytes);
    const used = characters * bmpStringCharSizeInBytes;
    if (used > remaining) throw new ForgeWouldReject();
    this.countMore(characters);
    this.position += used;
    return used;
  }

  private nextByte(): number {
    const value = this.bytes[this.position++];
    if (value === undefined) throw new ForgeWouldReject();
    return value;
  }
}
