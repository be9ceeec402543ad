import { InvalidArgumentError } from "commander";

const millisecondsPerUnit: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

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
  return milliseconds;
}
