import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Compile src/ to dist/lib once before the suite, so tests that run the real
 * CLI (bin/signsweep.js) exercise the current sources.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}
