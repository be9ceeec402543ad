import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readFileOnce } from "../../src/inspect/read-file-once.js";

const fileSizeInBytes = 10_007;
let folder: string;
let path: string;
let content: Uint8Array;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "signsweep-read-once-"));
  path = join(folder, "data.bin");
  // A byte pattern that never repeats with a period of a chunk size used below.
  content = Uint8Array.from({ length: fileSizeInBytes }, (_, index) => (index * 31 + (index >> 8)) & 0xff);
  writeFileSync(path, content);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const ranges = [
  { name: "inside the head", offset: 10, length: 100 },
  { name: "across the head's end", offset: 900, length: 300 },
  { name: "across many chunks", offset: 1500, length: 5000 },
  { name: "at the end of the file", offset: fileSizeInBytes - 64, length: 64 },
  { name: "the whole file", offset: 0, length: fileSizeInBytes },
];
const readSizes = [
  { chunkSizeInBytes: 7, headLimitInBytes: 1024 },
  { chunkSizeInBytes: 1000, headLimitInBytes: 1024 },
  { chunkSizeInBytes: 4096, headLimitInBytes: 1024 },
  { chunkSizeInBytes: 1 << 20, headLimitInBytes: 64 * 1024 },
];

describe("readFileOnce", () => {
  test.each(ranges.flatMap((range) => readSizes.map((sizes) => ({ ...range, ...sizes }))))(
    "captures $name with chunk $chunkSizeInBytes",
    async ({ offset, length, chunkSizeInBytes, headLimitInBytes }) => {
      const plannedWith: number[] = [];
      const result = await readFileOnce(
        path,
        (head, fileSize) => {
          plannedWith.push(head.length, fileSize);
          return { offset, length };
        },
        { chunkSizeInBytes, headLimitInBytes },
      );

      expect(plannedWith).toEqual([Math.min(headLimitInBytes, fileSizeInBytes), fileSizeInBytes]);
      expect(result.sha1).toBe(createHash("sha1").update(content).digest("hex"));
      expect(result.bytesRead).toBe(fileSizeInBytes);
      expect(result.sizeAtOpen).toBe(fileSizeInBytes);
      expect(Buffer.from(result.head).equals(Buffer.from(content.subarray(0, headLimitInBytes)))).toBe(true);
      expect(Buffer.from(result.captured!).equals(Buffer.from(content.subarray(offset, offset + length)))).toBe(true);
    },
  );

  test("no range captures nothing", async () => {
    const result = await readFileOnce(path, () => null);
    expect(result.captured).toBeNull();
  });

  test("empty file plans with an empty head", async () => {
    const empty = join(folder, "empty.bin");
    writeFileSync(empty, new Uint8Array(0));
    const result = await readFileOnce(empty, (head, fileSize) => {
      expect(head.length).toBe(0);
      expect(fileSize).toBe(0);
      return null;
    });
    expect(result.sha1).toBe(createHash("sha1").digest("hex"));
    expect(result.bytesRead).toBe(0);
  });

  test("missing file rejects with ENOENT", async () => {
    await expect(readFileOnce(join(folder, "missing.bin"), () => null)).rejects.toThrow(/ENOENT/);
  });
});
