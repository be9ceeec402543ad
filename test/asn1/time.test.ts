/** UTCTime and GeneralizedTime to ISO 8601 UTC, and the dates that must be rejected. */
import { describe, expect, it } from "vitest";
import { parseDer } from "../../src/asn1/der-element.js";
import { readTime } from "../../src/asn1/time.js";
import { CmsFormatError } from "../../src/errors.js";
import { generalizedTime, octetString, utcTime } from "../support/der-builder.js";

const readEncoded = (encoded: Uint8Array) => readTime(parseDer(encoded, "Time").element);

describe("readTime", () => {
  it.each([
    { input: utcTime("491231235959Z"), want: "2049-12-31T23:59:59.000Z" },
    { input: utcTime("500101000000Z"), want: "1950-01-01T00:00:00.000Z" },
    { input: utcTime("9912312359Z"), want: "1999-12-31T23:59:00.000Z" },
    { input: utcTime("250310140305+0200"), want: "2025-03-10T12:03:05.000Z" },
    { input: generalizedTime("20250310120305Z"), want: "2025-03-10T12:03:05.000Z" },
    { input: generalizedTime("20250310120305.5Z"), want: "2025-03-10T12:03:05.500Z" },
    { input: generalizedTime("20250310120305.9999Z"), want: "2025-03-10T12:03:05.999Z" },
    { input: generalizedTime("20240229000000Z"), want: "2024-02-29T00:00:00.000Z" },
    { input: generalizedTime("00500101000000Z"), want: "0050-01-01T00:00:00.000Z" },
  ])("reads $want", ({ input, want }) => {
    expect(readEncoded(input)).toBe(want);
  });

  it.each([
    { name: "February 29 of 2025", input: generalizedTime("20250229000000Z") },
    { name: "month 13", input: utcTime("251301000000Z") },
    { name: "hour 24", input: utcTime("250101240000Z") },
    { name: "second 60", input: utcTime("250101235960Z") },
    { name: "local time without zone", input: generalizedTime("20250310120305") },
    { name: "letters in digits", input: utcTime("25O310120305Z") },
    { name: "not a time type", input: octetString(Buffer.from("250310120305Z")) },
  ])("rejects $name", ({ input }) => {
    expect(() => readEncoded(input)).toThrow(CmsFormatError);
  });
});
