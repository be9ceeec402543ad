/**
 * Decides how `export --out PATH` writes. A regular file (or a new one) is
 * replaced atomically and a symbolic link is followed to the file it names.
 * A FIFO, a device or another special file is written straight through, so
 * neither a link nor a special file is ever replaced.
 */
import { lstatSync, readlinkSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { SignsweepError } from "../errors.js";

/** `--out` names a path that cannot receive the document, such as a folder. */
export class OutputPathError extends SignsweepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("OutputPath", message, options);
  }
}

export type OutputTarget =
  | { readonly kind: "replace"; readonly path: string }
  | { readonly kind: "write-through"; readonly path: string };

/** Symbolic links followed before giving up, the value of Linux's MAXSYMLINKS. */
const maxSymbolicLinkHops = 40;

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Resolve `path` (the `--out` value) to the file to write and how to write it. */
export function resolveOutputTarget(path: string): OutputTarget {
  let current = path;
  for (let hop = 0; hop <= maxSymbolicLinkHops; hop++) {
    const stats = lstatOrUndefined(current);
    if (stats === undefined || stats.isFile()) return { kind: "replace", path: current };
    if (stats.isDirectory()) {
      throw new OutputPathError(`cannot write the export to '${path}': it is a folder, so give a file path inside it`);
    }
    if (!stats.isSymbolicLink()) return { kind: "write-through", path: current };
    current = followLink(current);
  }
  throw new OutputPathError(`cannot write the export to '${path}': too many levels of symbolic links`);
}

/**
 * Return the real path a link points at. For a link to a file that does not
 * exist yet, return the real folder joined with the name the link gives.
 */
function followLink(link: string): string {
  try {
    return realpathSync(link);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const target = resolve(dirname(link), readlinkSync(link));
  const folder = lstatOrUndefined(dirname(target)) === undefined ? dirname(target) : realpathSync(dirname(target));
  return join(folder, basename(target));
}
