// Bundle the executable's entry point into one CommonJS file: a Node 22
// single executable application runs exactly one CommonJS script, and its
// require() loads built-in modules only.
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importTool, runCommand } from "./tools.mjs";

/**
 * The variable that replaces `import.meta.url`. esbuild leaves `import.meta`
 * empty in CommonJS output, so `import.meta.url` would be undefined and
 * `createRequire(import.meta.url)` in src/store/better-sqlite3-driver.ts would
 * throw. The banner defines the variable from `__filename`, which Node sets to
 * `process.execPath` inside a single executable.
 */
const importMetaUrlVariable = "__signsweepImportMetaUrl";
const importMetaUrlBanner =
  `const ${importMetaUrlVariable} = require("node:url").pathToFileURL(__filename).href;`;

/**
 * The addon that the executable must never load: a native addon cannot be
 * loaded from inside a single executable, so the bundle leaves it out and
 * storage uses node:sqlite instead.
 */
const nativeAddon = "better-sqlite3";

/** Bundle `entryPoint` into `outfile` for Node `nodeVersion`. */
export async function bundleEntryPoint({ entryPoint, outfile, nodeVersion }) {
  const esbuild = await importTool("esbuild");
  const result = await esbuild.build({
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
