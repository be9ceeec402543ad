/**
 * Builds the single executables with scripts/package.mjs for the packaged
 * tests, reusing dist/ when every executable is newer than its inputs.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export type PackageTarget = "win" | "linux";

interface RuntimeSettings {
  nodeVersion: string;
  targets: Record<PackageTarget, { output: string }>;
}

/** The pinned runtimes, read from the same file that the packaging script reads. */
export const packagedRuntimes = JSON.parse(
  readFileSync(join(repoRoot, "scripts/sea/runtimes.json"), "utf8"),
) as RuntimeSettings;

/** Path of the executable that `npm run package -- --target TARGET` writes. */
export function packagedExecutablePath(target: PackageTarget): string {
  return join(repoRoot, "dist", packagedRuntimes.targets[target].output);
}

/** Files whose change makes a built executable stale. */
const packagingInputs = ["src", "scripts/package.mjs", "scripts/sea", "package.json", "package-lock.json"];

function newestModificationTime(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestModificationTime(join(path, entry)));
  }
  return newest;
}

function isFresh(targets: readonly PackageTarget[]): boolean {
  const inputsChangedAt = Math.max(
    ...packagingInputs.map((input) => newestModificationTime(join(repoRoot, input))),
  );
  return targets.every((target) => {
    const executable = packagedExecutablePath(target);
    return existsSync(executable) && statSync(executable).mtimeMs > inputsChangedAt;
  });
}

/**
 * Run `npm run package` for `targets` unless dist/ already contains executables
 * newer than every input. It bundles dist/lib as test/global-setup.ts
 * compiled it. A failed build raises with the script's output.
 */
export function buildPackagedExecutables(targets: readonly PackageTarget[]): void {
  if (isFresh(targets)) return;
  const targetArguments = ["--skip-compile", ...targets.flatMap((target) => ["--target", target])];
  try {
    execFileSync(process.execPath, [join(repoRoot, "scripts/package.mjs"), ...targetArguments], {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: "pipe",
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run package failed:\n${stdout ?? ""}${stderr ?? ""}`, { cause: error });
  }
}
