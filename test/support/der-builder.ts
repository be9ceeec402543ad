/**
 * A minimal DER encoder (X.690) for building CMS and X.509 structures in
 * tests, including ones no signing tool would emit. Every function returns
 * the complete encoding of one element.
 */

const shortFormLengthLimit = 0x80;
const longFormLengthBit = 0x80;
const constructedBit = 0x20;
const contextSpecificClass = 0x80;

export function concat(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

/** Length octets in the shortest form. */
export function encodeLength(length: number): Uint8Array {
  if (length < shortFormLengthLimit) return Uint8Array.of(length);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Uint8Array.of(longFormLengthBit | octets.length, ...octets);
}

export function tlv(identifier: number, content: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(identifier), encodeLength(content.length), content);
}

export const sequence = (...components: Uint8Array[]) => tlv(0x30, concat(...components));
export const set = (...components: Uint8Array[]) => tlv(0x31, concat(...components));
export const integer = (hex: string) => tlv(0x02, Buffer.from(hex, "hex"));
export const octetString = (bytes: Uint8Array) => tlv(0x04, bytes);
export const nullValue = () => tlv(0x05, new Uint8Array());
export const bitString = (bytes: Uint8Array) => tlv(0x03, concat(Uint8Array.of(0), bytes));
export const boolean = (value: boolean) => tlv(0x01, Uint8Array.of(value ? 0xff : 0));

/** `[n] EXPLICIT` around one or more elements, or `[n] IMPLICIT` of a constructed type. */
export const contextConstructed = (tagNumber: number, ...components: Uint8Array[]) =>
  tlv(contextSpecificClass | constructedBit | tagNumber, concat(...components));
/** `[n] IMPLICIT` of a primitive type. */
export const contextPrimitive = (tagNumber: number, content: Uint8Array) =>
  tlv(contextSpecificClass | tagNumber, content);

export function objectIdentifier(dotted: string): Uint8Array {
  const [first, second, ...rest] = dotted.split(".").map(BigInt);
  const subidentifiers = [first! * 40n + second!, ...rest];
  const octets: number[] = [];
  for (const subidentifier of subidentifiers) {
    const group: number[] = [Number(subidentifier & 0x7fn)];
    for (let rest = subidentifier >> 7n; rest > 0n; rest >>= 7n) group.unshift(Number(rest & 0x7fn) | 0x80);
    octets.push(...group);
  }
  return tlv(0x06, Uint8Array.from(octets));
}

export const utf8String = (text: string) => tlv(0x0c, Buffer.from(text, "utf8"));
export const printableString = (text: string) => tlv(0x13, Buffer.from(text, "latin1"));
export const t61String = (text: string) => tlv(0x14, Buffer.from(text, "latin1"));
export const ia5String = (text: string) => tlv(0x16, Buffer.from(text, "latin1"));
export const utcTime = (text: string) => tlv(0x17, Buffer.from(text, "latin1"));
export const generalizedTime = (text: string) => tlv(0x18, Buffer.from(text, "latin1"));

/** UCS-2 big-endian; characters outside the BMP become surrogate pairs. */
export function bmpStringContent(text: string): Uint8Array {
  return Buffer.from(text, "utf16le").swap16();
}
export const bmpString = (text: string) => tlv(0x1e, bmpStringContent(text));

export function universalString(text: string): Uint8Array {
  const codePoints = [...text].map((character) => character.codePointAt(0)!);
  const content = Buffer.alloc(codePoints.length * 4);
  codePoints.forEach((codePoint, index) => content.writeUInt32BE(codePoint, index * 4));
  return tlv(0x1c, content);
}
