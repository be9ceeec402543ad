// The floor of a rescan: fast-glob alone over the root, with the pattern and
// options of the sweep's walk (src/scan/walk.ts), counting the paths.
//   node scripts/bench/walk-floor.mjs ROOT
import fg from "fast-glob";
import { defaultExtensions } from "../../dist/lib/scan/defaults.js";
import { patternForExtensions } from "../../dist/lib/scan/walk.js";

const root = process.argv[2];
if (!root) throw new Error("usage: walk-floor.mjs ROOT");
let count = 0;
const stream = fg.stream(patternForExtensions(defaultExtensions), {
  cwd: root,
  absolute: true,
  dot: true,
  onlyFiles: true,
  caseSensitiveMatch: false,
  unique: false,
  followSymbolicLinks: false,
});
for await (const entry of stream) if (entry) count++;
console.log(count);
