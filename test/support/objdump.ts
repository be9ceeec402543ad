/**
 * Header facts from binutils' objdump, an oracle independent of signsweep's
 * own PE reader.
 */
import { execFileSync } from "node:child_process";

export interface ObjdumpHeaderFacts {
  magic: number;
  numberOfRvaAndSizes: number;
  numberOfSections: number;
  securityDirectory: { virtualAddress: number; size: number };
}

function matchHex(text: string, pattern: RegExp, what: string): RegExpExecArray {
  const match = pattern.exec(text);
  if (!match) throw new Error(`objdump output has no ${what}`);
  return match;
}

export function objdumpHeaderFacts(path: string): ObjdumpHeaderFacts {
  const privateHeaders = execFileSync("x86_64-w64-mingw32-objdump", ["-p", path], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const sectionHeaders = execFileSync("x86_64-w64-mingw32-objdump", ["-h", path], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const security = matchHex(privateHeaders, /^Entry 4 ([0-9a-f]+) ([0-9a-f]+)/m, "Entry 4");
  return {
    magic: parseInt(matchHex(privateHeaders, /^Magic\s+([0-9a-f]+)/m, "Magic")[1]!, 16),
    numberOfRvaAndSizes: parseInt(
      matchHex(privateHeaders, /^NumberOfRvaAndSizes\s+([0-9a-f]+)/m, "NumberOfRvaAndSizes")[1]!,
      16,
    ),
    numberOfSections: sectionHeaders.split("\n").filter((line) => /^\s+\d+ \S/.test(line)).length,
    securityDirectory: { virtualAddress: parseInt(security[1]!, 16), size: parseInt(security[2]!, 16) },
  };
}
