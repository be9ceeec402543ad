// Folder layout and seeded randomness of the benchmark corpus.
import { join } from "node:path";

/**
 * A seeded PRNG (mulberry32): the same seed gives the same sequence on every
 * platform and Node version, unlike Math.random.
 */
export function seededRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    next,
    int: (bound) => Math.floor(next() * bound),
    byte: () => Math.floor(next() * 256),
    pick: (list) => list[Math.floor(next() * list.length)],
    shuffle(list) {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
    },
  };
}

const words = [
  "kernel", "shell", "crypt", "win", "net", "dx", "media", "print", "audio", "usb", "hid", "wmi",
  "sec", "auth", "rpc", "ole", "com", "gdi", "user", "setup", "update", "defender", "edge", "store",
];

export function randomFileName(random, index, extension) {
  return `${random.pick(words)}${random.pick(words)}${index.toString(36)}.${extension}`;
}

/** Deepest chain of folders in the tree, as in WinSxS backups and node_modules. */
const deepChainDepth = 24;

/**
 * Build the folders of the tree and the share of files each group receives.
 * The system folder contains many files directly, WinSxS many small folders,
 * Program Files nested application folders, and there is one deep chain.
 */
export function buildFolders(root, fileCount, random) {
  const system32 = join(root, "Windows", "System32");
  const groups = [
    { share: 0.3, folders: [system32, join(system32, "drivers"), join(system32, "en-US")] },
    { share: 0.1, folders: [join(root, "Windows", "SysWOW64")] },
    { share: 0.35, folders: [] },
    { share: 0.2, folders: [] },
    { share: 0.05, folders: [] },
  ];
  for (let i = 0; i < Math.max(1, Math.round(fileCount / 50)); i++) {
    const name = `amd64_microsoft-windows-${random.pick(words)}-${random.pick(words)}_31bf3856ad364e35_10.0.${19041 + random.int(4000)}.${random.int(5000)}_none_${i.toString(16).padStart(8, "0")}`;
    groups[2].folders.push(join(root, "Windows", "WinSxS", name));
  }
  for (let i = 0; i < Math.max(1, Math.round(fileCount / 200)); i++) {
    let folder = join(root, "Program Files", `${random.pick(words)} Vendor ${i}`, `${random.pick(words)} App`);
    for (let depth = random.int(4); depth > 0; depth--) folder = join(folder, random.pick(words));
    groups[3].folders.push(folder);
  }
  let chain = join(root, "ProgramData", "Package Cache");
  for (let depth = 0; depth < deepChainDepth; depth++) {
    chain = join(chain, `${random.pick(words)}-${depth}`);
    groups[4].folders.push(chain);
  }
  return {
    pick(randomSource) {
      let roll = randomSource.next();
      for (const group of groups) {
        if (roll < group.share) return randomSource.pick(group.folders);
        roll -= group.share;
      }
      return system32;
    },
  };
}
