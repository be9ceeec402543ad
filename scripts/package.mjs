#!/usr/bin/env node
// Build signsweep as a Node single executable application (SEA).
//
//   npm run package                                -> dist/signsweep-win-x64.exe
//   npm run package -- --target linux              -> dist/signsweep-linux-x64
//   npm run package -- --target win --target linux -> both
//   npm run package -- --skip-compile              -> bundle dist/lib as it is
//
// The pinned Node version and runtime packages are in scripts/sea/runtimes.json.
// Runtimes are cached outside the repository by scripts/fetch-runtime.sh, so
// a second build downloads nothing. docs/packaging.md explains the steps.
import { existsSync } from "node:fs";
import { mkdir, readFile, stat } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { bundleEntryPoint, smokeTestBundle } from "./sea/bundle.mjs";
import { buildSeaBlob, loadSignatureStripper, writeExecutable } from "./sea/executable.mjs";
import { formatSize, runCommand } from "./sea/tools.mjs";

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const distFolder = join(repoRoot, "dist");
const workFolder = join(distFolder, "sea");
const runtimes = JSON.parse(await readFile(join(repoRoot, "scripts/sea/runtimes.json"), "utf8"));

const paths = {
  entryPoint: join(repoRoot, "dist/lib/sea-main.js"),
  stripModule: join(repoRoot, "dist/lib/pe/strip-signature.js"),
  bundle: join(workFolder, "signsweep.cjs"),
  seaConfig: join(workFolder, "sea-config.json"),
  blob: join(workFolder, "sea-prep.blob"),
};

/**
 * Parse the options. `--target` is repeatable, and without it only the
 * Windows executable is built. `--skip-compile` serves the test suite, whose
 * setup has already compiled dist/lib: compiling again while other tests
 * import dist/lib would rewrite files under them.
 */
function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      target: { type: "string", multiple: true },
      "skip-compile": { type: "boolean", default: false },
    },
  });
  const targets = values.target ?? ["win"];
  for (const target of targets) {
    if (!(target in runtimes.targets)) {
      const known = Object.keys(runtimes.targets).join(", ");
      throw new Error(`invalid --target ${target}: expected one of: ${known}`);
    }
  }
  return { targets: [...new Set(targets)], skipCompile: values["skip-compile"] };
}

const startedAt = performance.now();
let stepNumber = 0;

/** Print a step's title, run it, and print how long it took. */
async function step(title, work) {
  stepNumber += 1;
  console.log(`[package] ${stepNumber}. ${title}`);
  const stepStartedAt = performance.now();
  const result = await work();
  const seconds = ((performance.now() - stepStartedAt) / 1000).toFixed(1);
  console.log(`[package]    done in ${seconds} s`);
  return result;
}

/** Unpack a runtime package, or reuse the cached copy, and return its folder. */
function fetchRuntime(runtimePackage) {
  const script = join(repoRoot, "scripts/fetch-runtime.sh");
  return runCommand("bash", [script, runtimePackage, runtimes.nodeVersion]).trim();
}

async function buildPackages({ targets, skipCompile }) {
  const nodeVersion = runtimes.nodeVersion;
  const blobBuilder = runtimes.targets[runtimes.blobBuilderTarget];
  await mkdir(workFolder, { recursive: true });

  if (!skipCompile) {
    await step("Compile TypeScript (npm run build)", () => {
      runCommand("npm", ["run", "--silent", "build"], { cwd: repoRoot, showStdout: true });
    });
  }
  const runtimeFolders = await step(`Fetch Node ${nodeVersion} runtimes`, () => {
    const packages = new Set([blobBuilder.runtimePackage, ...targets.map((t) => runtimes.targets[t].runtimePackage)]);
    const folders = new Map([...packages].map((name) => [name, fetchRuntime(name)]));
    for (const [name, folder] of folders) console.log(`[package]    ${name}: ${folder}`);
    return folders;
  });
  const builderNode = join(runtimeFolders.get(blobBuilder.runtimePackage), blobBuilder.runtimeBinary);

  await step(`Bundle ${relative(repoRoot, paths.entryPoint)} with esbuild`, async () => {
    if (!existsSync(paths.entryPoint)) {
      throw new Error(`${paths.entryPoint} not found: run npm run build first, or leave out --skip-compile`);
    }
    await bundleEntryPoint({
      entryPoint: paths.entryPoint,
      outfile: paths.bundle,
      nodeVersion,
      workingDirectory: repoRoot,
    });
    console.log(`[package]    ${relative(repoRoot, paths.bundle)}: ${formatSize((await stat(paths.bundle)).size)}`);
    const version = await smokeTestBundle({ nodeBinary: builderNode, bundlePath: paths.bundle });
    console.log(`[package]    bundle runs without node_modules: ${version}`);
  });
  await step(`Build the SEA blob with Node ${nodeVersion} for Linux`, async () => {
    await buildSeaBlob({
      nodeBinary: builderNode,
      bundlePath: paths.bundle,
      blobPath: paths.blob,
      configPath: paths.seaConfig,
    });
    console.log(`[package]    ${relative(repoRoot, paths.blob)}: ${formatSize((await stat(paths.blob)).size)}`);
  });

  for (const target of targets) {
    const settings = runtimes.targets[target];
    const outputPath = join(distFolder, settings.output);
    await step(`Write ${relative(repoRoot, outputPath)} from ${settings.runtimePackage}`, async () => {
      const transformImage = settings.stripAuthenticodeSignature
        ? await loadSignatureStripper(paths.stripModule)
        : undefined;
      if (transformImage) console.log("[package]    removing the runtime's Authenticode signature");
      await writeExecutable({
        runtimeBinary: join(runtimeFolders.get(settings.runtimePackage), settings.runtimeBinary),
        blobPath: paths.blob,
        outputPath,
        transformImage,
      });
      console.log(`[package]    ${relative(repoRoot, outputPath)}: ${formatSize((await stat(outputPath)).size)}`);
    });
  }
}

try {
  await buildPackages(parseOptions(process.argv.slice(2)));
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`[package] finished in ${seconds} s`);
} catch (error) {
  console.error(`[package] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
