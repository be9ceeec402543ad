/**
 * Known-good software: table rows that an allowlist entry matches are still
 * reported, but marked allowed, so they no longer fail a hunt.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import picomatch from "picomatch";
import type { CertificateInfoRow } from "../store/columns.js";
import { readAllowlistFile, type AllowlistEntry } from "./allowlist-file.js";

/** File name of the allowlist that is read from the database's folder when present. */
export const defaultAllowlistFileName = "allowlist.json";

interface CompiledEntry {
  readonly entry: AllowlistEntry;
  readonly SHA1?: string;
  readonly SignerHash?: string;
  readonly DeviceName?: string;
  readonly path?: RegExp;
}

export class Allowlist {
  private readonly compiled: readonly CompiledEntry[];

  /** `files` lists the allowlist files read, in order, for reports. */
  constructor(entries: readonly AllowlistEntry[], readonly files: readonly string[] = []) {
    this.compiled = entries.map(compileEntry);
  }

  get size(): number {
    return this.compiled.length;
  }

  /** Returns the first entry whose every field matches the row, or undefined. */
  match(row: CertificateInfoRow): AllowlistEntry | undefined {
    let path: string | undefined;
    for (const candidate of this.compiled) {
      if (candidate.SHA1 !== undefined && lower(row["SHA1"]) !== candidate.SHA1) continue;
      if (candidate.SignerHash !== undefined && lower(row["SignerHash"]) !== candidate.SignerHash) continue;
      if (candidate.DeviceName !== undefined && lower(row["DeviceName"]) !== candidate.DeviceName) continue;
      if (candidate.path !== undefined) {
        path ??= fullPathOf(row);
        if (!candidate.path.test(path)) continue;
      }
      return candidate.entry;
    }
    return undefined;
  }
}

/** Reads the allowlist files in order; `files` may be empty. */
export function loadAllowlist(files: readonly string[]): Allowlist {
  return new Allowlist(files.flatMap(readAllowlistFile), files);
}

/**
 * Return the allowlist files for a database: `allowlist.json` in the database's
 * folder when it exists, then the files named on the command line.
 */
export function allowlistFilesFor(databasePath: string, explicit: readonly string[]): string[] {
  const besideDatabase = join(dirname(databasePath), defaultAllowlistFileName);
  return existsSync(besideDatabase) ? [besideDatabase, ...explicit] : [...explicit];
}

function compileEntry(entry: AllowlistEntry): CompiledEntry {
  return {
    entry,
    ...(entry.SHA1 !== undefined ? { SHA1: entry.SHA1.toLowerCase() } : {}),
    ...(entry.SignerHash !== undefined ? { SignerHash: entry.SignerHash.toLowerCase() } : {}),
    ...(entry.DeviceName !== undefined ? { DeviceName: entry.DeviceName.toLowerCase() } : {}),
    ...(entry.path !== undefined ? { path: pathPattern(entry.path) } : {}),
  };
}

/**
 * Compiles a path glob. Backslashes count as separators, as in Windows
 * paths, so a backslash cannot escape a glob character (use `[*]` instead).
 * `windows: false` keeps the result the same on every platform.
 */
function pathPattern(glob: string): RegExp {
  return picomatch.makeRe(toForwardSlashes(glob), { nocase: true, dot: true, windows: false });
}

/** Join FolderPath and FileName into the full path, with forward slashes. */
export function fullPathOf(row: CertificateInfoRow): string {
  const folder = toForwardSlashes(String(row["FolderPath"] ?? ""));
  const file = String(row["FileName"] ?? "");
  if (folder === "") return file;
  return folder.endsWith("/") ? `${folder}${file}` : `${folder}/${file}`;
}

function toForwardSlashes(text: string): string {
  return text.replace(/\\/g, "/");
}

function lower(value: unknown): string | undefined {
  return typeof value === "string" ? value.toLowerCase() : undefined;
}
