/**
 * UTCTime and GeneralizedTime (X.680 sections 46 and 47, DER rules in X.690
 * section 11.7 and 11.8) to ISO 8601 UTC with milliseconds, the form the
 * table stores. Impossible dates raise instead of rolling over, so a
 * malformed certificate never gains an invented time.
 */
import type { DerElement } from "./der-element.js";
import { invalidValue, isUniversal, readPrimitiveContent, unexpectedTag } from "./reader.js";
import { UniversalTag } from "./tags.js";

/** YYMMDDhhmm[ss] then Z or a +hhmm/-hhmm offset. */
const utcTimePattern = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/;
/** YYYYMMDDhh[mm[ss[.fff]]] then Z or an offset; local time without either is rejected. */
const generalizedTimePattern =
  /^(\d{4})(\d{2})(\d{2})(\d{2})(?:(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{4})$/;

/** UTCTime years 50-99 are 19xx, 00-49 are 20xx (RFC 5280 section 4.1.2.5.1). */
const utcTimePivotYear = 50;
const millisecondDigits = 3;
const minutesPerHour = 60;
const millisecondsPerMinute = 60_000;
const maxHour = 23;
const maxMinute = 59;
const maxSecond = 59;

interface TimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  zone: string;
}

/** Read a Time CHOICE (RFC 5280 section 4.1.2.5) as ISO 8601 UTC. */
export function readTime(element: DerElement): string {
  if (isUniversal(element, UniversalTag.UTCTime)) return readUtcTime(element);
  if (isUniversal(element, UniversalTag.GeneralizedTime)) return readGeneralizedTime(element);
  throw unexpectedTag(element, "UTCTime or GeneralizedTime");
}

export function readUtcTime(element: DerElement): string {
  const text = readAscii(element);
  const match = utcTimePattern.exec(text);
  if (!match) throw invalidValue(element, `UTCTime ${JSON.stringify(text)} is malformed`);
  const [, yy, month, day, hour, minute, second, zone] = match;
  const shortYear = Number(yy);
  const year = shortYear >= utcTimePivotYear ? 1900 + shortYear : 2000 + shortYear;
  return toIso(element, text, {
    year,
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second ?? 0),
    millisecond: 0,
    zone: zone!,
  });
}

/** Fractions finer than a millisecond are truncated, never rounded up. */
export function readGeneralizedTime(element: DerElement): string {
  const text = readAscii(element);
  const match = generalizedTimePattern.exec(text);
  if (!match) throw invalidValue(element, `GeneralizedTime ${JSON.stringify(text)} is malformed`);
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const millisecond = Number((fraction ?? "").padEnd(millisecondDigits, "0").slice(0, millisecondDigits));
  return toIso(element, text, {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    millisecond,
    zone: zone!,
  });
}

function readAscii(element: DerElement): string {
  return Buffer.from(readPrimitiveContent(element)).toString("latin1");
}

function toIso(element: DerElement, text: string, fields: TimeFields): string {
  const { year, month, day, hour, minute, second, millisecond } = fields;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond));
  // Date.UTC maps years 0-99 to 1900-1999; set the full year again.
  date.setUTCFullYear(year);
  const exact =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= maxHour &&
    minute <= maxMinute &&
    second <= maxSecond;
  if (!exact) throw invalidValue(element, `time ${JSON.stringify(text)} is not a valid date`);

  const offsetMinutes = parseZoneOffsetInMinutes(fields.zone);
  return new Date(date.getTime() - offsetMinutes * millisecondsPerMinute).toISOString();
}

/** Minutes east of UTC for `Z`, `+hhmm` or `-hhmm`. */
function parseZoneOffsetInMinutes(zone: string): number {
  if (zone === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(3, 5));
  return sign * (hours * minutesPerHour + minutes);
}
