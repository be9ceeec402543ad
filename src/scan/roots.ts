import path from "node:path";

/**
 * Resolve roots to absolute paths and drop repeats and roots inside another
 * root, so that no file is walked twice in one sweep: a file recorded twice
 * would double a rule's Count. Paths compare case-insensitively on Windows.
 */
export function distinctRoots(roots: readonly string[], platform: NodeJS.Platform = process.platform): string[] {
  const pathApi = platform === "win32" ? path.win32 : path.posix;
  const comparable = (value: string) => (platform === "win32" ? value.toLowerCase() : value);
  const resolved = roots.map((root) => pathApi.resolve(root));
  const isInside = (inner: string, outer: string): boolean => {
    const prefix = outer.endsWith(pathApi.sep) ? outer : outer + pathApi.sep;
    return comparable(inner).startsWith(comparable(prefix));
  };

  const kept: string[] = [];
  for (const root of resolved) {
    const repeated = kept.some((other) => comparable(other) === comparable(root));
    const nested = resolved.some((other) => comparable(other) !== comparable(root) && isInside(root, other));
    if (!repeated && !nested) kept.push(root);
  }
  return kept;
}
