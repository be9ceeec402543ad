/**
 * Reads and validates allowlist files: JSON objects of the form
 * `{"entries": [{"SignerHash": "...", "reason": "..."}]}`. Each entry names
 * known-good software by SHA1, SignerHash, path glob or DeviceName (all given
 * fields must match) and says why it is allowed.
 */
import { readFileSync } from "node:fs";
import { SignsweepError } from "../errors.js";

/** One known-good entry as written in the file. */
export interface AllowlistEntry {
  readonly SHA1?: string;
  readonly SignerHash?: string;
  /** Glob over the full path (FolderPath and FileName), matched case-insensitively. */
  readonly path?: string;
  readonly DeviceName?: string;
  readonly reason: string;
  /** Location of the entry in its file, such as `allowlist.json entries[2]`. */
  readonly origin: string;
}

/** An allowlist file that cannot be used; the message names the file and the entry. */
export class AllowlistError extends SignsweepError {
  constructor(readonly file: string, detail: string, options?: { cause?: unknown }) {
    super("AllowlistFormat", `allowlist ${file}: ${detail}`, options);
  }
}

const matcherKeys = ["SHA1", "SignerHash", "path", "DeviceName"] as const;
const entryKeys: readonly string[] = [...matcherKeys, "reason"];
const thumbprintPattern = /^[0-9a-fA-F]{40}$/;
const example = '{"entries": [{"SignerHash": "<40 hex characters>", "reason": "why it is known to be good"}]}';

/** Reads one allowlist file and checks every entry. */
export function readAllowlistFile(file: string): AllowlistEntry[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new AllowlistError(file, `cannot be read: ${(error as Error).message}`, { cause: error });
  }
  return parseAllowlistText(text, file);
}

/** Parses allowlist JSON; `file` names the source in errors. */
export function parseAllowlistText(text: string, file: string): AllowlistEntry[] {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\ufeff/, ""));
  } catch (error) {
    throw new AllowlistError(file, `invalid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isObject(document) || !Array.isArray(document["entries"])) {
    throw new AllowlistError(file, `expected an object with an "entries" array, such as ${example}`);
  }
  const unknownKey = Object.keys(document).find((key) => key !== "entries");
  if (unknownKey !== undefined) {
    throw new AllowlistError(file, `unknown top-level key '${unknownKey}'; the only key is "entries"`);
  }
  return document["entries"].map((entry: unknown, index: number) => readEntry(entry, file, index));
}

function readEntry(entry: unknown, file: string, index: number): AllowlistEntry {
  const name = `entries[${index}]`;
  const fail = (detail: string): never => {
    throw new AllowlistError(file, `${name} ${detail}`);
  };
  if (!isObject(entry)) return fail(`must be an object, such as {"SHA1": "...", "reason": "..."}`);

  for (const key of Object.keys(entry)) {
    if (!entryKeys.includes(key)) {
      fail(`has unknown key '${key}'; use ${matcherKeys.join(", ")} and reason (names are case-sensitive)`);
    }
  }
  for (const key of entryKeys) {
    const value = entry[key];
    if (value !== undefined && (typeof value !== "string" || value.trim() === "")) {
      fail(`has an invalid ${key}: expected a non-empty string`);
    }
  }
  if (entry["reason"] === undefined) {
    fail(`has no reason; add "reason": "why this software is known to be good"`);
  }
  if (!matcherKeys.some((key) => entry[key] !== undefined)) {
    fail(`would allow every row; add at least one of ${matcherKeys.join(", ")}`);
  }
  for (const key of ["SHA1", "SignerHash"] as const) {
    const value = entry[key];
    if (typeof value === "string" && !thumbprintPattern.test(value)) {
      fail(`has an invalid ${key} '${value}': expected 40 hex characters`);
    }
  }
  return { ...(entry as Omit<AllowlistEntry, "origin">), origin: `${file} ${name}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
