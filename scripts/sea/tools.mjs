// Helpers shared by the packaging steps: running commands and loading the
// build tools, with errors that name what to install.
import { spawnSync } from "node:child_process";

/**
 * Import a development dependency, turning "module not found" into an error
 * that names the fix.
 */
export async function importTool(name) {
  try {
    return await import(name);
  } catch (error) {
    if (error?.code === "ERR_MODULE_NOT_FOUND") {
      throw new Error(`${name} is not installed: run npm ci, which installs the devDependencies`, {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Run a command to completion and return its stdout (empty when
 * `showStdout` passes it through). Its stderr passes through unless
 * `captureStderr`. A missing program or a non-zero exit status raises an
 * error that names the command.
 */
export function runCommand(command, args, { cwd, captureStderr = false, showStdout = false } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", showStdout ? "inherit" : "pipe", captureStderr ? "pipe" : "inherit"],
  });
  const commandLine = [command, ...args].join(" ");
  if (result.error?.code === "ENOENT") {
    throw new Error(`${command} not found: install it or add it to PATH (needed for: ${commandLine})`);
  }
  if (result.error) throw new Error(`${commandLine} failed: ${result.error.message}`, { cause: result.error });
  if (result.status !== 0) {
    const detail = captureStderr && result.stderr ? `:\n${result.stderr.trim()}` : "";
    throw new Error(`${commandLine} exited with status ${result.status ?? result.signal}${detail}`);
  }
  return result.stdout ?? "";
}

/** Format a byte count in MiB with the exact count beside it. */
export function formatSize(bytes) {
  const bytesPerMebibyte = 1024 * 1024;
  return `${(bytes / bytesPerMebibyte).toFixed(1)} MiB (${bytes} bytes)`;
}
