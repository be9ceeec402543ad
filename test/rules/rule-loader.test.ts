import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import {
  findRules,
  loadBuiltinRules,
  loadRuleFile,
  repairMisindentedItemKeys,
  RuleFormatError,
  RuleNotFoundError,
} from "../../src/rules/index.js";
import { builtinRuleFiles, builtinRulesLicense } from "../../src/rules/builtin-rules.generated.js";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
const rulesFolder = join(repositoryRoot, "rules/rmm");
const ruleFileNames = readdirSync(rulesFolder).filter((name) => name.endsWith(".yaml"));

/** A rule written the way the published RMM files are: CRLF and a mis-indented dataTypes. */
const crlfRuleWithBadIndentation = [
  "id: 00000000-0000-4000-8000-000000000001",
  "name: Test rule - File Signature",
  "description: |",
  "    A rule for the loader test.",
  "requiredDataConnectors:",
  "    - connectorId: MicrosoftThreatProtection",
  "    dataTypes:",
  "        - DeviceFileCertificateInfo",
  "tactics: CommandAndControl",
  "relevantTechniques: T1219",
  "customKey: kept",
  "query: |",
  "  DeviceFileCertificateInfo",
  "  | where Signer has 'Example'",
  "",
].join("\r\n");

function writeTemporaryRule(fileName: string, text: string): string {
  const folder = mkdtempSync(join(tmpdir(), "signsweep-rules-"));
  const path = join(folder, fileName);
  writeFileSync(path, text);
  return path;
}

function loadError(path: string): RuleFormatError {
  try {
    loadRuleFile(path);
  } catch (error) {
    if (error instanceof RuleFormatError) return error;
    throw error;
  }
  throw new Error(`no error loading ${path}`);
}

describe("rule loader", () => {
  test("strict YAML rejects the published indentation", () => {
    expect(() => parse(crlfRuleWithBadIndentation)).toThrow(/same column/);
  });

  test("reads a CRLF file with the mis-indented dataTypes", () => {
    const rule = loadRuleFile(writeTemporaryRule("crlf.yaml", crlfRuleWithBadIndentation));
    expect(rule.id).toBe("00000000-0000-4000-8000-000000000001");
    expect(rule.tactics).toEqual(["CommandAndControl"]);
    expect(rule.relevantTechniques).toEqual(["T1219"]);
    expect(rule.query).toBe("DeviceFileCertificateInfo\n| where Signer has 'Example'\n");
    expect(rule.fields.requiredDataConnectors).toEqual([
      { connectorId: "MicrosoftThreatProtection", dataTypes: ["DeviceFileCertificateInfo"] },
    ]);
    expect(rule.fields.customKey).toBe("kept");
  });

  test("repair moves the key and its children, keeping line count", () => {
    const text = "a:\n    - b: 1\n    c:\n        - d\ne: 2\n";
    const repaired = repairMisindentedItemKeys(text);
    expect(repaired).toBe("a:\n    - b: 1\n      c:\n          - d\ne: 2\n");
  });

  test("repair leaves a sequence at its parent's column alone", () => {
    const text = "a:\n  b:\n  - c: 1\n  d: 2\n";
    expect(repairMisindentedItemKeys(text)).toBe(text);
  });

  test("invalid YAML names the file, line and problem", () => {
    const text = "id: x\r\nname: y\r\nquery: |\r\n  DeviceFileCertificateInfo\r\nname: z\r\n";
    const path = writeTemporaryRule("broken.yaml", text);
    const error = loadError(path);
    expect(error.file).toBe(path);
    expect(error.line).toBe(5);
    expect(error.message).toBe(`${path}:5: invalid YAML: Map keys must be unique`);
  });

  test("a missing query names the file", () => {
    const error = loadError(writeTemporaryRule("no-query.yaml", "id: x\nname: y\n"));
    expect(error.message).toMatch(/no-query\.yaml:1: 'query' is missing$/);
  });

  test("a KQL error points into the file", () => {
    const text = "id: x\r\nname: y\r\nquery: |\r\n  DeviceFileCertificateInfo\r\n  | join x\r\n";
    const error = loadError(writeTemporaryRule("bad-query.yaml", text));
    expect([error.line, error.column]).toEqual([5, 5]);
    expect(error.message).toMatch(/bad-query\.yaml:5:5: query: unsupported operator 'join'$/);
  });
});

describe("built-in rules", () => {
  test("every rule file in rules/rmm is built in", () => {
    const builtin = loadBuiltinRules();
    expect(builtin.map((rule) => rule.source)).toEqual(ruleFileNames.sort().map((name) => `rules/rmm/${name}`));
    expect(new Set(builtin.map((rule) => rule.id)).size).toBe(builtin.length);
  });

  test.each(ruleFileNames)("%s loads from disk like its built-in copy", (fileName) => {
    const fromDisk = loadRuleFile(join(rulesFolder, fileName));
    const builtin = loadBuiltinRules().find((rule) => rule.source === `rules/rmm/${fileName}`)!;
    expect(fromDisk.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(fromDisk.query).toContain("DeviceFileCertificateInfo");
    expect(fromDisk.tactics).toEqual(["CommandAndControl"]);
    expect(builtin.fields).toEqual(fromDisk.fields);
  });

  test("the generated module matches rules/rmm byte for byte", () => {
    for (const file of builtinRuleFiles) {
      expect(file.text).toBe(readFileSync(join(rulesFolder, file.fileName), "utf8"));
    }
    expect(builtinRulesLicense).toBe(readFileSync(join(rulesFolder, "LICENSE"), "utf8"));
  });

  test("the generator reports the module in sync", () => {
    const script = join(repositoryRoot, "scripts/generate-builtin-rules.mjs");
    const result = spawnSync(process.execPath, [script, "--check"], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});

describe("findRules", () => {
  const iperiusId = "e5dff9a2-f345-4ebb-b6ca-f39fde3984d2";

  test.each([
    { name: "id", spec: iperiusId },
    { name: "upper-case id", spec: iperiusId.toUpperCase() },
    { name: "name in any case", spec: "remote management and monitoring tool - iperiusremote - file signature" },
    { name: "file name", spec: "rmm_IperiusRemote_filesig.yaml" },
    { name: "file name without extension", spec: "rmm_iperiusremote_filesig" },
    { name: "path", spec: join(rulesFolder, "rmm_IperiusRemote_filesig.yaml") },
  ])("finds a rule by $name", ({ spec }) => {
    const rules = findRules([spec]);
    expect(rules.map((rule) => rule.id)).toEqual([iperiusId]);
  });

  test("a folder gives all its rules once", () => {
    const rules = findRules([rulesFolder, rulesFolder]);
    expect(rules).toHaveLength(ruleFileNames.length);
  });

  test("unknown name error names the fix", () => {
    expect(() => findRules(["NoSuchTool"])).toThrow(RuleNotFoundError);
    expect(() => findRules(["NoSuchTool"])).toThrow(/signsweep rules/);
    expect(() => findRules(["./missing/rule.yaml"])).toThrow("rule file not found: ./missing/rule.yaml");
  });
});
