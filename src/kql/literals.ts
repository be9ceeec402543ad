/**
 * Decoding of KQL literals: timespan units, string escapes and the datetime
 * formats accepted inside `datetime(...)`.
 */

const millisecondsPerSecond = 1000;
const millisecondsPerMinute = 60 * millisecondsPerSecond;
const millisecondsPerHour = 60 * millisecondsPerMinute;
const millisecondsPerDay = 24 * millisecondsPerHour;
/** A KQL tick is 100 nanoseconds. */
const millisecondsPerTick = 1e-4;

/** Timespan suffixes that KQL accepts after a number (`5d`, `1.5h`, `100ms`). */
export const timespanUnitsInMilliseconds: ReadonlyMap<string, number> = new Map([
  ["d", millisecondsPerDay],
  ["day", millisecondsPerDay],
  ["days", millisecondsPerDay],
  ["h", millisecondsPerHour],
  ["hr", millisecondsPerHour],
  ["hrs", millisecondsPerHour],
  ["hour", millisecondsPerHour],
  ["hours", millisecondsPerHour],
  ["m", millisecondsPerMinute],
  ["min", millisecondsPerMinute],
  ["minute", millisecondsPerMinute],
  ["minutes", millisecondsPerMinute],
  ["s", millisecondsPerSecond],
  ["sec", millisecondsPerSecond],
  ["second", millisecondsPerSecond],
  ["seconds", millisecondsPerSecond],
  ["ms", 1],
  ["milli", 1],
  ["millis", 1],
  ["millisecond", 1],
  ["milliseconds", 1],
  ["microsecond", 1e-3],
  ["microseconds", 1e-3],
  ["tick", millisecondsPerTick],
  ["ticks", millisecondsPerTick],
]);

/** Characters that may follow a backslash in a quoted string literal. */
export const stringEscapes: ReadonlyMap<string, string> = new Map([
  ["\\", "\\"],
  ["'", "'"],
  ['"', '"'],
  ["n", "\n"],
  ["r", "\r"],
  ["t", "\t"],
  ["0", "\0"],
]);

/**
 * `YYYY-MM-DD`, optionally followed by `T` or a space, `hh:mm`, optional
 * seconds with up to seven fraction digits (KQL's tick precision), and an
 * optional `Z`. KQL reads datetimes without a zone as UTC.
 */
const isoDatetimePattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?Z?$/;

/**
 * Parses the text of a `datetime(...)` literal into milliseconds since the
 * Unix epoch; returns undefined for text it does not accept.
 * Only ISO 8601 is read, although KQL also accepts RFC 822 and RFC 850 dates.
 */
export function parseDatetimeLiteral(text: string): number | undefined {
  const match = isoDatetimePattern.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const fractionMilliseconds = fraction ? Number(`0.${fraction}`) * millisecondsPerSecond : 0;
  const milliseconds = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour ?? 0),
    Number(minute ?? 0),
    Number(second ?? 0),
  );
  if (!isValidCalendarDate(milliseconds, Number(year), Number(month), Number(day))) {
    return undefined;
  }
  return milliseconds + fractionMilliseconds;
}

/** Date.UTC rolls 2024-02-30 over to March; reject such dates instead. */
function isValidCalendarDate(milliseconds: number, year: number, month: number, day: number) {
  const date = new Date(milliseconds);
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/**
 * Formats a timespan the way KQL prints one: `[-][d.]hh:mm:ss[.fffffff]`.
 */
export function formatTimespan(milliseconds: number): string {
  const sign = milliseconds < 0 ? "-" : "";
  let remaining = Math.abs(milliseconds);
  const days = Math.floor(remaining / millisecondsPerDay);
  remaining -= days * millisecondsPerDay;
  const hours = Math.floor(remaining / millisecondsPerHour);
  remaining -= hours * millisecondsPerHour;
  const minutes = Math.floor(remaining / millisecondsPerMinute);
  remaining -= minutes * millisecondsPerMinute;
  const seconds = Math.floor(remaining / millisecondsPerSecond);
  remaining -= seconds * millisecondsPerSecond;
  const ticks = Math.round(remaining / millisecondsPerTick);

  const clock = [hours, minutes, seconds].map((part) => String(part).padStart(2, "0")).join(":");
  const dayPart = days > 0 ? `${days}.` : "";
  const fractionDigits = 7;
  const fractionPart = ticks > 0 ? `.${String(ticks).padStart(fractionDigits, "0")}` : "";
  return `${sign}${dayPart}${clock}${fractionPart}`;
}
