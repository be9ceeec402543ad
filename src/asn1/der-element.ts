/**
 * One DER element (X.690 tag-length-value) located in its source bytes.
 * node-forge's asn1.fromDer builds the tree but records no offsets, while
 * thumbprints and digests need the original bytes of certificates and
 * attributes. DerElement walks forge's tree beside the source, reading each
 * header again, so `der` and `content` are views of the bytes as stored.
 */
import forge from "node-forge";
import { CmsFormatError } from "../errors.js";
import { countDerElements, maxDerElementCount } from "./element-count.js";
import { Asn1ErrorCode } from "./error-codes.js";
import {
  endOfContentsSizeInBytes,
  highTagNumberForm,
  identifierClassMask,
  identifierConstructedBit,
  identifierTagNumberMask,
  lengthIndefiniteForm,
  lengthLongFormBit,
  lengthOctetCountMask,
} from "./tags.js";

/**
 * Largest DER input accepted. forge keeps the input as a binary string plus
 * a node per element, so the cap bounds memory per entry.
 * NOTE: 64 MiB is an estimate of a safe ceiling, not measured against the
 * largest real security catalogs.
 */
export const maxDerInputSizeInBytes = 64 * 1024 * 1024;

/**
 * Deepest element nesting accepted by forge's recursive parser. The RFC 3161
 * token in node.exe 22's signature reaches 27 levels.
 */
export const maxAsn1NestingDepth = 128;

/** Length octets beyond four would describe more than 4 GiB of content. */
const maxLengthOctets = 4;

interface FromDerOptions {
  strict: boolean;
  parseAllBytes: boolean;
  decodeBitStrings: boolean;
  maxDepth: number;
}

// NOTE: @types/node-forge 1.3 declares only the boolean `strict` argument,
// but forge 1.4 takes this options object (lib/asn1.js, asn1.fromDer).
const fromDer = forge.asn1.fromDer as unknown as (
  bytes: forge.util.ByteStringBuffer,
  options: FromDerOptions,
) => forge.asn1.Asn1;

export class DerElement {
  readonly tagClass: number;
  readonly tagNumber: number;
  readonly constructed: boolean;
  /** Offset of the identifier octet in `source`. */
  readonly offset: number;
  /** Offset just past the element, end-of-contents octets included. */
  readonly end: number;
  private readonly contentStart: number;
  private readonly contentEnd: number;
  private readonly indefiniteLength: boolean;
  private childElements: DerElement[] | undefined;

  constructor(
    private readonly node: forge.asn1.Asn1,
    private readonly source: Uint8Array,
    offset: number,
    /** Spec path of the field, for error messages (`SignedData.signerInfos[0]`). */
    readonly path: string,
  ) {
    const identifier = byteAt(source, offset, path);
    if ((identifier & identifierTagNumberMask) === highTagNumberForm) {
      throw new CmsFormatError(
        Asn1ErrorCode.Invalid,
        `${path}: high-tag-number identifiers are not supported (offset ${offset})`,
      );
    }
    this.offset = offset;
    this.tagClass = identifier & identifierClassMask;
    this.tagNumber = identifier & identifierTagNumberMask;
    this.constructed = (identifier & identifierConstructedBit) !== 0;

    const { contentStart, contentLength } = readLength(source, offset + 1, path);
    this.contentStart = contentStart;
    this.indefiniteLength = contentLength === undefined;
    if (contentLength !== undefined) {
      this.contentEnd = contentStart + contentLength;
      this.end = this.contentEnd;
    } else {
      const children = this.children;
      const last = children[children.length - 1];
      this.contentEnd = last ? last.end : contentStart;
      this.end = this.contentEnd + endOfContentsSizeInBytes;
    }
    if (this.end > source.length) {
      throw new CmsFormatError(
        Asn1ErrorCode.Invalid,
        `${path}: element at offset ${offset} ends at ${this.end}, past the ${source.length} bytes available`,
      );
    }
  }

  /** The whole element as stored: identifier, length and content octets. */
  get der(): Uint8Array {
    return this.source.subarray(this.offset, this.end);
  }

  /** The content octets, without end-of-contents octets. */
  get content(): Uint8Array {
    return this.source.subarray(this.contentStart, this.contentEnd);
  }

  /** Elements inside a constructed encoding; empty for a primitive one. */
  get children(): readonly DerElement[] {
    if (this.childElements === undefined) this.childElements = this.locateChildren();
    return this.childElements;
  }

  /** Return the same element under another spec path. */
  named(path: string): DerElement {
    return new DerElement(this.node, this.source, this.offset, path);
  }

  private locateChildren(): DerElement[] {
    if (!Array.isArray(this.node.value)) return [];
    const children: DerElement[] = [];
    let offset = this.contentStart;
    for (const childNode of this.node.value) {
      const child = new DerElement(childNode, this.source, offset, `${this.path}[${children.length}]`);
      children.push(child);
      offset = child.end;
    }
    // A definite length must be filled exactly by the children forge found.
    if (!this.indefiniteLength && offset !== this.contentEnd) {
      throw new CmsFormatError(
        Asn1ErrorCode.Invalid,
        `${this.path}: children end at offset ${offset}, content ends at ${this.contentEnd}`,
      );
    }
    return children;
  }
}

/** Outcome of parsing one element from the start of some bytes. */
export interface ParsedDer {
  element: DerElement;
  /** Bytes after the element, such as WIN_CERTIFICATE zero padding. */
  trailing: Uint8Array;
}

/**
 * Parse the DER element at the start of `bytes` with node-forge. Any forge
 * failure (short data, bad length, depth limit) becomes CmsFormatError
 * naming `path`. Input with more than maxDerElementCount elements is
 * rejected before forge builds any of them.
 */
export function parseDer(bytes: Uint8Array, path: string): ParsedDer {
  if (bytes.length === 0) {
    throw new CmsFormatError(Asn1ErrorCode.MissingElement, `${path}: no bytes to parse`);
  }
  if (bytes.length > maxDerInputSizeInBytes) {
    throw new CmsFormatError(
      Asn1ErrorCode.LimitExceeded,
      `${path}: ${bytes.length} bytes exceed the ${maxDerInputSizeInBytes}-byte limit`,
    );
  }

  countDerElements(bytes, { maxElementCount: maxDerElementCount, maxDepth: maxAsn1NestingDepth }, path);

  // Perf: latin1 decoding maps each byte to one char in a single native pass,
  // which is forge's binary-string form.
  const binary = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  const buffer = forge.util.createBuffer(binary);
  let node: forge.asn1.Asn1;
  try {
    node = fromDer(buffer, {
      strict: true,
      parseAllBytes: false,
      decodeBitStrings: false,
      maxDepth: maxAsn1NestingDepth,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CmsFormatError(Asn1ErrorCode.Invalid, `${path}: invalid DER: ${reason}`, {
      cause: error,
    });
  }

  const consumed = bytes.length - buffer.length();
  const element = new DerElement(node, bytes, 0, path);
  if (element.end !== consumed) {
    throw new CmsFormatError(
      Asn1ErrorCode.Invalid,
      `${path}: element ends at offset ${element.end} but the parser read ${consumed} bytes`,
    );
  }
  return { element, trailing: bytes.subarray(consumed) };
}

function byteAt(source: Uint8Array, offset: number, path: string): number {
  const value = source[offset];
  if (value === undefined) {
    throw new CmsFormatError(
      Asn1ErrorCode.Invalid,
      `${path}: offset ${offset} is past the ${source.length} bytes available`,
    );
  }
  return value;
}

/** Read the length octets at `offset`; undefined length means indefinite form. */
function readLength(
  source: Uint8Array,
  offset: number,
  path: string,
): { contentStart: number; contentLength: number | undefined } {
  const first = byteAt(source, offset, path);
  if (first === lengthIndefiniteForm) return { contentStart: offset + 1, contentLength: undefined };
  if ((first & lengthLongFormBit) === 0) return { contentStart: offset + 1, contentLength: first };

  const octetCount = first & lengthOctetCountMask;
  if (octetCount > maxLengthOctets) {
    throw new CmsFormatError(
      Asn1ErrorCode.Invalid,
      `${path}: length uses ${octetCount} octets, more than ${maxLengthOctets}`,
    );
  }
  let contentLength = 0;
  for (let i = 1; i <= octetCount; i++) {
    contentLength = contentLength * 256 + byteAt(source, offset + i, path);
  }
  return { contentStart: offset + 1 + octetCount, contentLength };
}
