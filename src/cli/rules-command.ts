import type { Command } from "commander";
import {
  findRules,
  loadBuiltinRules,
  RuleNotFoundError,
  type HuntingRule,
} from "../rules/index.js";
import { toPrintableText } from "../printable-text.js";
import { UsageError } from "./usage-error.js";

interface RulesOptions {
  json?: boolean;
  rule?: string[];
}

/** `signsweep rules`: lists the built-in hunting rules, or the rules that `--rule` selects. */
export function addRulesCommand(program: Command): void {
  program
    .command("rules")
    .description("list the hunting rules: id, name, MITRE ATT&CK tactics and techniques")
    .option("--json", "print a JSON array instead of a table")
    .option(
      "--rule <id|name|path>",
      "list only this rule: a built-in id or name, a rule file or a folder (repeatable)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action((options: RulesOptions) => {
      const rules = options.rule ? findRulesOption(options.rule) : loadBuiltinRules();
      process.stdout.write(options.json ? formatRulesJson(rules) : formatRulesTable(rules));
    });
}

/** Resolves `--rule` values. A value that matches nothing is a usage error. */
export function findRulesOption(specs: readonly string[]): HuntingRule[] {
  try {
    return findRules(specs);
  } catch (error) {
    if (error instanceof RuleNotFoundError) throw new UsageError(`--rule: ${error.message}`);
    throw error;
  }
}

export function formatRulesJson(rules: readonly HuntingRule[]): string {
  const items = rules.map((rule) => ({
    id: rule.id,
    name: rule.name,
    tactics: rule.tactics,
    relevantTechniques: rule.relevantTechniques,
    source: rule.source,
  }));
  return `${JSON.stringify(items, null, 2)}\n`;
}

/**
 * Format the rules as a table, one line per rule. The name comes last
 * because it is the longest column.
 */
export function formatRulesTable(rules: readonly HuntingRule[]): string {
  const header = ["ID", "TACTICS", "TECHNIQUES", "NAME"];
  // A rule file may carry control characters, so cells are escaped before widths are measured.
  const lines = rules.map((rule) =>
    [rule.id, rule.tactics.join(",") || "-", rule.relevantTechniques.join(",") || "-", rule.name].map(
      toPrintableText,
    ),
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]!.length)),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join("  ");
  return [header, ...lines].map(format).join("\n") + "\n";
}
