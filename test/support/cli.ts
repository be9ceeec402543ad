import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The npm CLI entry point, run from the compiled dist/lib. */
export const cliPath = fileURLToPath(new URL("../../bin/signsweep.js", import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Run as this user through setpriv (when the tests run as root). */
  asUser?: { uid: number; gid: number };
  env?: NodeJS.ProcessEnv;
}

/** Run `signsweep ARGS` with the current Node and wait for it. */
export function runCli(args: readonly string[], options: CliOptions = {}): CliRun {
  const command = options.asUser ? "setpriv" : process.execPath;
  const commandArgs = options.asUser
    ? [
        `--reuid=${options.asUser.uid}`, `--regid=${options.asUser.gid}`, "--clear-groups",
        process.execPath, cliPath, ...args,
      ]
    : [cliPath, ...args];
  const result: SpawnSyncReturns<string> = spawnSync(command, commandArgs, {
    encoding: "utf8",
    env: { ...process.env, ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
