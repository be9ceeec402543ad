/**
 * Runs Windows executables under Wine for the packaged-executable tests.
 * Wine 8 gives a Windows program EBADF when its stdout is a pipe, so output
 * goes through temporary files.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants, closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, posix, win32 } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Wine's 64-bit loader as Debian's wine64 package installs it, then the generic wrapper. */
const wineCandidates = ["wine64", "/usr/lib/wine/wine64", "wine"];

/** Drive letter that Wine maps to the Unix root in a new prefix. */
const unixRootDrive = "Z:";

export interface WineRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Return the first Wine loader found on PATH or at its Debian location, or undefined. */
export function findWine(): string | undefined {
  for (const candidate of wineCandidates) {
    if (candidate.includes("/")) {
      if (isExecutable(candidate)) return candidate;
      continue;
    }
    for (const folder of (process.env["PATH"] ?? "").split(delimiter)) {
      if (folder && isExecutable(join(folder, candidate))) return join(folder, candidate);
    }
  }
  return undefined;
}

/** Environment for every Wine process: the prefix, no debug output, no Mono or Gecko prompts. */
export function wineEnvironment(prefix: string): NodeJS.ProcessEnv {
  return { ...process.env, WINEPREFIX: prefix, WINEDEBUG: "-all", WINEDLLOVERRIDES: "mscoree,mshtml=" };
}

/** Create the test prefix with scripts/wine-prefix.sh, or reuse it, and return its folder. */
export function prepareWinePrefix(): string {
  return execFileSync("bash", [join(repoRoot, "scripts/wine-prefix.sh")], { encoding: "utf8" }).trim();
}

/** Convert a Unix path to the drive Z: path that a Windows program under Wine uses. */
export function toWinePath(unixPath: string): string {
  return unixRootDrive + unixPath.split(posix.sep).join(win32.sep);
}

/** Convert a `Z:\...` path back to a Unix path. Other strings are returned unchanged. */
export function fromWinePath(text: string): string {
  if (!text.toUpperCase().startsWith(`${unixRootDrive}${win32.sep}`)) return text;
  return text.slice(unixRootDrive.length).split(win32.sep).join(posix.sep);
}

/** Run `executable ARGS` under Wine, with stdout and stderr written to files. */
export function runUnderWine(
  wine: string,
  prefix: string,
  executable: string,
  args: readonly string[],
  timeoutInMilliseconds = 120_000,
): WineRun {
  const folder = mkdtempSync(join(tmpdir(), "signsweep-wine-run-"));
  const stdoutPath = join(folder, "stdout.txt");
  const stderrPath = join(folder, "stderr.txt");
  const stdoutFd = openSync(stdoutPath, "w");
  const stderrFd = openSync(stderrPath, "w");
  try {
    const result = spawnSync(wine, [executable, ...args], {
      env: wineEnvironment(prefix),
      stdio: ["ignore", stdoutFd, stderrFd],
      timeout: timeoutInMilliseconds,
    });
    if (result.error) throw result.error;
    return {
      status: result.status,
      stdout: readFileSync(stdoutPath, "utf8"),
      stderr: readFileSync(stderrPath, "utf8"),
    };
  } finally {
    closeSync(stdoutFd);
    closeSync(stderrFd);
    rmSync(folder, { recursive: true, force: true });
  }
}
