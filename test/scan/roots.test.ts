import { describe, expect, it } from "vitest";
import { distinctRoots } from "../../src/scan/roots.js";

describe("distinctRoots", () => {
  const cases: Array<{ name: string; platform: NodeJS.Platform; input: string[]; want: string[] }> = [
    { name: "repeated root", platform: "linux", input: ["/mnt/a", "/mnt/a"], want: ["/mnt/a"] },
    { name: "trailing slash", platform: "linux", input: ["/mnt/a/", "/mnt/a"], want: ["/mnt/a"] },
    { name: "nested root", platform: "linux", input: ["/mnt/a/b", "/mnt/a"], want: ["/mnt/a"] },
    { name: "sibling prefix", platform: "linux", input: ["/mnt/a", "/mnt/ab"], want: ["/mnt/a", "/mnt/ab"] },
    { name: "filesystem root", platform: "linux", input: ["/", "/mnt"], want: ["/"] },
    { name: "drive case", platform: "win32", input: ["C:\\Windows", "c:\\windows"], want: ["C:\\Windows"] },
    { name: "inside a drive", platform: "win32", input: ["C:\\", "C:\\Users"], want: ["C:\\"] },
    { name: "two drives", platform: "win32", input: ["C:\\", "D:\\"], want: ["C:\\", "D:\\"] },
  ];
  for (const { name, platform, input, want } of cases) {
    it(name, () => {
      expect(distinctRoots(input, platform)).toEqual(want);
    });
  }
});
