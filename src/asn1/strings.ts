/**
 * Character string types (X.680 section 41) decoded to JavaScript strings.
 * T61String is read as Latin-1, as Windows and OpenSSL do in practice; the
 * full T.61 repertoire with its combining diacritics is not supported.
 */
import type { DerElement } from "./der-element.js";
import { invalidValue, readPrimitiveContent } from "./reader.js";
import { TagClass, UniversalTag } from "./tags.js";

const bmpCharSizeInBytes = 2;
const universalCharSizeInBytes = 4;
const maxCodePoint = 0x10ffff;
const firstSurrogate = 0xd800;
const lastSurrogate = 0xdfff;

const utf8Decoder = new TextDecoder("utf-8", { fatal: true });
const utf16beDecoder = new TextDecoder("utf-16be", { fatal: true });

type StringDecoder = (element: DerElement, content: Uint8Array) => string;

const latin1: StringDecoder = (_element, content) => Buffer.from(content).toString("latin1");

const stringDecoders = new Map<number, StringDecoder>([
  [UniversalTag.UTF8String, decodeUtf8],
  [UniversalTag.PrintableString, latin1],
  [UniversalTag.IA5String, latin1],
  [UniversalTag.VisibleString, latin1],
  [UniversalTag.NumericString, latin1],
  [UniversalTag.T61String, latin1],
  [UniversalTag.BMPString, decodeBmp],
  [UniversalTag.UniversalString, decodeUniversal],
]);

/** True when `element` is one of the character string types decoded here. */
export function isCharacterString(element: DerElement): boolean {
  return element.tagClass === TagClass.UNIVERSAL && stringDecoders.has(element.tagNumber);
}

/** Decode a character string; undefined when the tag is no string type. */
export function decodeCharacterString(element: DerElement): string | undefined {
  if (element.tagClass !== TagClass.UNIVERSAL) return undefined;
  const decoder = stringDecoders.get(element.tagNumber);
  return decoder?.(element, readPrimitiveContent(element));
}

/** BMPString is UCS-2, read as UTF-16BE (X.690 section 8.23.8). */
export function decodeBmpContent(element: DerElement, content: Uint8Array): string {
  return decodeBmp(element, content);
}

function decodeUtf8(element: DerElement, content: Uint8Array): string {
  try {
    return utf8Decoder.decode(content);
  } catch (error) {
    throw invalidValue(element, "UTF8String is not valid UTF-8", error);
  }
}

function decodeBmp(element: DerElement, content: Uint8Array): string {
  if (content.length % bmpCharSizeInBytes !== 0) {
    throw invalidValue(element, `BMPString has an odd length of ${content.length} bytes`);
  }
  try {
    return utf16beDecoder.decode(content);
  } catch (error) {
    throw invalidValue(element, "BMPString is not valid UTF-16", error);
  }
}

/** UniversalString is UCS-4, four big-endian bytes per character. */
function decodeUniversal(element: DerElement, content: Uint8Array): string {
  if (content.length % universalCharSizeInBytes !== 0) {
    throw invalidValue(element, `UniversalString length ${content.length} is not a multiple of 4`);
  }
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  let text = "";
  for (let offset = 0; offset < content.length; offset += universalCharSizeInBytes) {
    const codePoint = view.getUint32(offset);
    if (codePoint > maxCodePoint || (codePoint >= firstSurrogate && codePoint <= lastSurrogate)) {
      throw invalidValue(element, `UniversalString contains invalid code point 0x${codePoint.toString(16)}`);
    }
    text += String.fromCodePoint(codePoint);
  }
  return text;
}
