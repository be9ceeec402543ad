// Bundle the executable's entry point into one CommonJS file: a Node 22
// single executable application runs exactly one CommonJS script, and its
// require() loads built-in modules only.
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importTool, runCommand } from "./tools.mjs";

/**
 * The variable that replaces `import.meta.url`, which esbuild leaves empty in
 * CommonJS output. The sources use it twice:
 * - src/store/better-sqlite3-driver.ts passes it to createRequire. The
 *   executable never calls that driver, and the addon could not load there.
 * - src/scan/inspect-pool.ts resolves inspect-worker.js beside it and starts
 *   worker threads when that file exists and the URL is a file: URL.
 * A file URL of the executable would make the second use start any
 * inspect-worker.js placed beside signsweep.exe, so the bundle gets a URL
 * outside the file: scheme instead. The pool then inspects on the main
 * thread, and createRequire raises a TypeError if it is ever called.
 */
const importMetaUrlVariable = "__signsweepImportMetaUrl";
const bundleUrl = "signsweep-executable:/signsweep.cjs";
const importMetaUrlBanner = `const ${importMetaUrlVariable} = ${JSON.stringify(bundleUrl)};`;

/** Compiled modules that use `import.meta.url`, each checked against the comment above. */
const reviewedImportMetaUsers = new Set([
  "dist/lib/store/better-sqlite3-driver.js",
  "dist/lib/scan/inspect-pool.js",
]);

/**
 * The addon that the executable must never load: a native addon cannot be
 * loaded from inside a single executable, so the bundle leaves it out and
 * storage uses node:sqlite instead.
 */
const nativeAddon = "better-sqlite3";

/**
 * Bundle `entryPoint` into `outfile` for Node `nodeVersion`. Paths in errors
 * are relative to `workingDirectory`, the repository root.
 */
export async function bundleEntryPoint({ entryPoint, outfile, nodeVersion, workingDirectory }) {
  const esbuild = await importTool("esbuild");
  const result = await esbuild.build({
    absWorkingDir: workingDirectory,
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${nodeVersion}`,
    external: [nativeAddon],
    define: { "import.meta.url": importMetaUrlVariable },
    banner: { js: importMetaUrlBanner },
    // Any other use of import.meta (import.meta.dirname, import.meta.resolve)
    // would be silently empty at run time, so it fails the build instead.
    logOverride: { "empty-import-meta": "error" },
    logLevel: "warning",
    metafile: true,
  });
  rejectEagerAddonImport(result.metafile);
  await rejectUnreviewedImportMeta(result.metafile, workingDirectory);
}

/**
 * Fail when a module outside `reviewedImportMetaUsers` uses `import.meta`,
 * because the bundle's replacement URL may not suit it.
 */
async function rejectUnreviewedImportMeta(metafile, workingDirectory) {
  for (const input of Object.keys(metafile.inputs)) {
    if (reviewedImportMetaUsers.has(input)) continue;
    const source = await readFile(join(workingDirectory, input), "utf8");
    if (source.includes("import.meta")) {
      throw new Error(
        `${input} uses import.meta, which the bundle replaces with ${bundleUrl}: check that this suits it, then add it to reviewedImportMetaUsers in scripts/sea/bundle.mjs`,
      );
    }
  }
}

/**
 * Fail when the bundle imports the addon at module load: only the lazy
 * `createRequire` call in the better-sqlite3 driver may name it, and esbuild
 * does not see that call.
 */
function rejectEagerAddonImport(metafile) {
  for (const [output, { imports }] of Object.entries(metafile.outputs)) {
    const eager = imports.find((entry) => entry.path === nativeAddon);
    if (eager) {
      throw new Error(
        `${output} imports ${nativeAddon} (${eager.kind}) at module load, but the executable cannot load native addons: load it lazily with createRequire`,
      );
    }
  }
}

/**
 * Run the bundle with `--version` from an empty temporary folder, where no
 * node_modules can be found, and return its output. This proves that nothing
 * at module load needs a file-based module.
 */
export async function smokeTestBundle({ nodeBinary, bundlePath }) {
  const folder = await mkdtemp(join(tmpdir(), "signsweep-bundle-"));
  try {
    const isolatedBundle = join(folder, "signsweep.cjs");
    await copyFile(bundlePath, isolatedBundle);
    const output = runCommand(nodeBinary, [isolatedBundle, "--version"], {
      cwd: folder,
      captureStderr: true,
    }).trim();
    if (!output.startsWith("signsweep ")) {
      throw new Error(`the bundle printed ${JSON.stringify(output)} for --version, expected "signsweep ..."`);
    }
    return output;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
