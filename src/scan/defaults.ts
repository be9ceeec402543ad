import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, win32 } from "node:path";

/**
 * Extensions of executable images that a Windows host loads, read by default.
 * Matched case-insensitively; `--all-files` sniffs every file instead.
 */
export const defaultExtensions: readonly string[] = [
  "exe", "dll", "sys", "ocx", "scr", "cpl", "drv", "efi", "com", "mui",
  "ax", "acm", "tlb", "winmd", "node", "msstyles", "mun", "tsp", "ime",
];

/**
 * signsweep's data folder: `%ProgramData%\signsweep` on Windows, else
 * `$XDG_DATA_HOME/signsweep` or `~/.local/share/signsweep`.
 */
export function defaultDataDirectory(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (platform === "win32") {
    return win32.join(env["ProgramData"] ?? "C:\\ProgramData", "signsweep");
  }
  const dataHome = env["XDG_DATA_HOME"] || join(homedir(), ".local", "share");
  return join(dataHome, "signsweep");
}

export function defaultDatabasePath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const directory = defaultDataDirectory(platform, env);
  return platform === "win32" ? win32.join(directory, "signsweep.db") : join(directory, "signsweep.db");
}

/**
 * Roots of every fixed drive on Windows. Node cannot ask for the drive type
 * without a native call, so this probes C: to Z: and keeps those that exist.
 * NOTE: mapped network drives and removable media that are present are
 * included too; name roots explicitly to avoid them.
 */
export function windowsDriveRoots(exists: (path: string) => boolean = existsSync): string[] {
  const roots: string[] = [];
  for (let code = "C".charCodeAt(0); code <= "Z".charCodeAt(0); code++) {
    const root = `${String.fromCharCode(code)}:\\`;
    if (exists(root)) roots.push(root);
  }
  return roots;
}
