import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { runCli } from "../support/cli.js";

const ruleCount = readdirSync(fileURLToPath(new URL("../../rules/rmm", import.meta.url))).filter((name) =>
  name.endsWith(".yaml"),
).length;

describe("signsweep rules", () => {
  test("prints a table of the built-in rules", () => {
    const run = runCli(["rules"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+TACTICS\s+TECHNIQUES\s+NAME$/);
    expect(lines).toHaveLength(ruleCount + 1);
    expect(run.stdout).toMatch(
      /e5dff9a2-f345-4ebb-b6ca-f39fde3984d2\s+CommandAndControl\s+T1219\s+Remote Management and Monitoring tool - IperiusRemote - File Signature/,
    );
  });

  test("--json prints id, name, tactics and techniques", () => {
    const run = runCli(["rules", "--json"]);
    expect(run.status).toBe(0);
    const rules = JSON.parse(run.stdout) as { id: string; tactics: string[]; relevantTechniques: string[] }[];
    expect(rules).toHaveLength(ruleCount);
    const iperius = rules.find((rule) => rule.id === "e5dff9a2-f345-4ebb-b6ca-f39fde3984d2");
    expect(iperius).toMatchObject({ tactics: ["CommandAndControl"], relevantTechniques: ["T1219"] });
  });

  test("--rule selects rules by id or name", () => {
    const run = runCli(["rules", "--json", "--rule", "rmm_TeamViewer_filesig", "--rule", "E5DFF9A2-F345-4EBB-B6CA-F39FDE3984D2"]);
    expect(run.status).toBe(0);
    const ids = (JSON.parse(run.stdout) as { id: string }[]).map((rule) => rule.id);
    expect(ids).toEqual(["2fbf7a0b-d33a-48da-af61-d11ac597de8a", "e5dff9a2-f345-4ebb-b6ca-f39fde3984d2"]);
  });

  test("an unknown --rule is a usage error", () => {
    const run = runCli(["rules", "--rule", "NoSuchTool"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--rule: no built-in rule has the id or name 'NoSuchTool'/);
  });
});
