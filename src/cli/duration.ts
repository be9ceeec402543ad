import { InvalidArgumentError } from "commander";

const millisecondsPerUnit: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** Maximum duration accepted: 100 years of 365.25 days, far past any database's history. */
export const maxDurationInMilliseconds = 100 * 365.25 * 86_400_000;

/**
 * Parse a duration written like a KQL timespan literal (`90m`, `12h`, `30d`,
 * plus `w` for weeks) into milliseconds. Used as a commander argument parser,
 * so errors are InvalidArgumentError and name the expected form.
 */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text.trim());
  if (!match) {
    throw new InvalidArgumentError("expected a number and a unit (s, m, h, d or w), such as 30d or 12h");
  }
  const milliseconds = Number(match[1]) * millisecondsPerUnit[match[2]!]!;
  if (!Number.isFinite(milliseconds) || milliseconds <= 0) {
    throw new InvalidArgumentError("expected a duration greater than zero");
  }
  // A larger duration puts the cutoff before the earliest Date (year -271821).
  if (milliseconds > maxDurationInMilliseconds) {
    throw new InvalidArgumentError("expected a duration of at most 100 years, such as 36500d");
  }
  return milliseconds;
}
