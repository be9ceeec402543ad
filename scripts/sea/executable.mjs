// Turn a bundle into a single executable: build the preparation blob with
// Node's --experimental-sea-config, then inject it into a copy of a Node
// runtime with postject.
import { existsSync } from "node:fs";
import { chmod, readFile, rename, rm, writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { importTool, runCommand } from "./tools.mjs";

/** Resource (PE) or section (ELF) name that Node looks up for the blob. */
const seaResourceName = "NODE_SEA_BLOB";

/** Fuse string compiled into node binaries. postject flips the 0 after it to 1. */
const seaSentinelFuse = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

const executableMode = 0o755;

/**
 * Build the blob with `nodeBinary`, which must be the same Node version as
 * the runtime that will carry it. The code cache and the startup snapshot
 * are built for the platform that makes the blob, so both stay off: the
 * Windows executable's blob is made on Linux.
 */
export async function buildSeaBlob({ nodeBinary, bundlePath, blobPath, configPath }) {
  const config = {
    main: bundlePath,
    output: blobPath,
    disableExperimentalSEAWarning: true,
    useSnapshot: false,
    useCodeCache: false,
  };
  await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`);
  runCommand(nodeBinary, ["--experimental-sea-config", configPath], { captureStderr: true });
}

/**
 * Load `stripAuthenticodeSignature` from the compiled sources. Injection
 * rewrites the PE file, so node.exe's own signature would no longer verify.
 * Removing it leaves a clean unsigned file that an organisation can sign.
 */
export async function loadSignatureStripper(modulePath) {
  if (!existsSync(modulePath)) {
    throw new Error(
      `${modulePath} not found: npm run build must compile src/pe/strip-signature.ts, which exports stripAuthenticodeSignature`,
    );
  }
  const module = await import(pathToFileURL(modulePath).href);
  if (typeof module.stripAuthenticodeSignature !== "function") {
    throw new Error(`${modulePath} does not export a function stripAuthenticodeSignature`);
  }
  return module.stripAuthenticodeSignature;
}

/**
 * Write `outputPath`: a copy of `runtimeBinary`, passed through
 * `transformImage` when given, with the blob injected. The file is built
 * under a temporary name and renamed at the end, so a failed build never
 * leaves a half-made executable at `outputPath`.
 */
export async function writeExecutable({ runtimeBinary, blobPath, outputPath, transformImage }) {
  const partialPath = `${outputPath}.partial`;
  try {
    const runtime = await readFile(runtimeBinary);
    const image = transformImage ? transformImage(new Uint8Array(runtime)) : runtime;
    await writeFile(partialPath, image, { mode: executableMode });

    const postject = await importTool("postject");
    const inject = postject.inject ?? postject.default.inject;
    await inject(partialPath, seaResourceName, await readFile(blobPath), {
      sentinelFuse: seaSentinelFuse,
    });

    await chmod(partialPath, executableMode);
    await rename(partialPath, outputPath);
  } finally {
    await rm(partialPath, { force: true });
  }
}
