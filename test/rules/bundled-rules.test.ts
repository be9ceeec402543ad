import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { expect, test } from "vitest";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
const ruleCount = readdirSync(join(repositoryRoot, "rules/rmm")).filter((name) => name.endsWith(".yaml")).length;

test("built-in rules run from a bundle", async () => {
  // Step: bundle an entry point the way the single executable is bundled (CommonJS, one file).
  const folder = mkdtempSync(join(tmpdir(), "signsweep-bundle-"));
  const entryPoint = join(folder, "entry.ts");
  writeFileSync(
    entryPoint,
    [
      `import { loadBuiltinRules } from ${JSON.stringify(join(repositoryRoot, "src/rules/index.ts"))};`,
      `import { runKql } from ${JSON.stringify(join(repositoryRoot, "src/kql/index.ts"))};`,
      "const rules = loadBuiltinRules();",
      "const iperius = rules.find((rule) => rule.id === 'e5dff9a2-f345-4ebb-b6ca-f39fde3984d2')!;",
      "const row = { Timestamp: '2026-12-04T11:00:00.000Z', DeviceId: 'd', DeviceName: 'h', Signer: 'ENTER S.R.L.', ReportId: 5 };",
      "const result = runKql(iperius.kql, [row], { now: '2026-12-04T12:00:00.000Z' });",
      "process.stdout.write(JSON.stringify({ count: rules.length, report: result.rows[0]?.Report }));",
    ].join("\n"),
  );
  const bundle = join(folder, "bundle.cjs");
  await build({ entryPoints: [entryPoint], outfile: bundle, bundle: true, format: "cjs", platform: "node", logLevel: "silent" });

  // Step: run it from a folder with no rules/ and no node_modules.
  const run = spawnSync(process.execPath, [bundle], { cwd: folder, encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({ count: ruleCount, report: [5] });
});
