import * as fs from "node:fs";
import { resolve } from "node:path";
import fg from "fast-glob";

/** A directory or file that the walk could not read, recorded instead of skipped. */
export interface WalkError {
  path: string;
  code: string;
  message: string;
}

/** The part of `node:fs` the walk uses; tests pass a wrapped one to inject failures. */
export type WalkFileSystem = Pick<typeof fs, "readdir" | "lstat" | "stat" | "readdirSync" | "lstatSync" | "statSync">;

export interface WalkOptions {
  /** Extensions without the dot, matched case-insensitively; undefined walks every file. */
  extensions?: readonly string[];
  /** Glob patterns, relative to the root, of paths to leave out. */
  exclude?: readonly string[];
  fileSystem?: WalkFileSystem;
  onError: (error: WalkError) => void;
}

type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries: fs.Dirent[]) => void;

/**
 * Wrap `readdir` so that a directory that cannot be read is recorded and
 * treated as empty. fast-glob 3.3 otherwise rejects the whole walk on the
 * first EPERM, or drops ENOENT silently.
 */
function recordingFileSystem(base: WalkFileSystem, onError: WalkOptions["onError"]): WalkFileSystem {
  const readdir = ((path: fs.PathLike, options: unknown, callback: ReaddirCallback) => {
    (base.readdir as (p: fs.PathLike, o: unknown, c: ReaddirCallback) => void)(
      path,
      options,
      (error, entries) => {
        if (error) {
          onError({ path: String(path), code: error.code ?? "EUNKNOWN", message: error.message });
          callback(null, []);
          return;
        }
        callback(null, entries);
      },
    );
  }) as typeof fs.readdir;
  return { ...base, readdir };
}

/** Build the glob pattern, relative to the root, that selects files by extension. */
export function patternForExtensions(extensions: readonly string[] | undefined): string {
  if (!extensions || extensions.length === 0) return "**/*";
  // A one-element brace list is not expanded by micromatch, so it needs no braces.
  if (extensions.length === 1) return `**/*.${extensions[0]}`;
  return `**/*.{${extensions.join(",")}}`;
}

/**
 * Yield the absolute path of every regular file under `root` that matches.
 *
 * The root is fast-glob's `cwd` and never part of a pattern, so drive roots
 * (`C:\`) and folders with brackets or parentheses in their names walk as
 * they are. Symbolic links and junctions are not followed: they loop, and on
 * a mounted image they may point outside it.
 * NOTE: fast-glob 3.3's stream ignores backpressure, so when reading lags
 * behind the walk, every path not yet consumed stays buffered in memory.
 */
export async function* walkFiles(root: string, options: WalkOptions): AsyncGenerator<string> {
  const fileSystem = recordingFileSystem(options.fileSystem ?? fs, options.onError);
  const stream = fg.stream(patternForExtensions(options.extensions), {
    cwd: root,
    absolute: true,
    dot: true,
    onlyFiles: true,
    caseSensitiveMatch: false,
    unique: false,
    followSymbolicLinks: false,
    suppressErrors: false,
    ignore: [...(options.exclude ?? [])],
    fs: fileSystem,
  });
  for await (const entry of stream) {
    // fast-glob returns forward slashes; resolve() gives the platform's form.
    yield resolve(String(entry));
  }
}
