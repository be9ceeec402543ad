import { Command } from "commander";
import { KqlSyntaxError, parseKql } from "../kql/index.js";
import { formatHuntReport, huntDatabase, type HuntDefinition } from "../hunt/index.js";
import { findRules, loadBuiltinRules, RuleNotFoundError } from "../rules/index.js";
import { defaultDatabasePath } from "../scan/defaults.js";
import { toPrintableText } from "../printable-text.js";
import { UsageError } from "./usage-error.js";

/** Exit status of `hunt --fail-on-match` when a result row is not allowed. */
export const EXIT_MATCH_FOUND = 3;

interface HuntCommandOptions {
  db?: string;
  rule?: string[];
  query?: string;
  json: boolean;
  allow?: string[];
  failOnMatch: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Selects the named rules and the ad-hoc query, or every built-in rule when neither is given. */
export function selectHunts(ruleSpecs: readonly string[], queryText: string | undefined): HuntDefinition[] {
  const hunts: HuntDefinition[] = [];
  if (ruleSpecs.length > 0) {
    try {
      hunts.push(...findRules(ruleSpecs));
    } catch (error) {
      if (error instanceof RuleNotFoundError) throw new UsageError(`--rule: ${error.message}`);
      throw error;
    }
  }
  if (queryText !== undefined) hunts.push(adHocHunt(queryText));
  return ruleSpecs.length === 0 && queryText === undefined ? [...loadBuiltinRules()] : hunts;
}

function adHocHunt(text: string): HuntDefinition {
  try {
    return { id: "query", name: "ad-hoc query", source: "--query", tactics: [], relevantTechniques: [], kql: parseKql(text) };
  } catch (error) {
    if (error instanceof KqlSyntaxError) throw new UsageError(`--query is invalid: ${describeQueryError(text, error)}`);
    throw error;
  }
}

/** Formats the error with the query line it points at and a caret under the column. */
function describeQueryError(text: string, error: KqlSyntaxError): string {
  const line = text.split(/\r\n?|\n/)[error.line - 1];
  const message = toPrintableText(error.message);
  if (line === undefined) return message;
  // NOTE: an escaped character before the error column leaves the caret left of its token.
  return `${message}\n  ${toPrintableText(line)}\n  ${" ".repeat(Math.max(0, error.column - 1))}^`;
}

function huntAction(options: HuntCommandOptions): void {
  const databasePath = options.db ?? defaultDatabasePath();
  const hunts = selectHunts(options.rule ?? [], options.query);
  const report = huntDatabase(databasePath, hunts, { allowFiles: options.allow ?? [] });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ database: databasePath, ...report }, null, 2)}\n`);
  } else {
    process.stdout.write(formatHuntReport(report));
  }
  if (options.failOnMatch && report.summary.rulesWithUnallowedResults > 0) process.exitCode = EXIT_MATCH_FOUND;
}

export function addHuntCommand(program: Command): void {
  program
    .command("hunt")
    .description("run KQL hunting rules over the local DeviceFileCertificateInfo table")
    .option("--db <path>", `database file (default: ${defaultDatabasePath()})`)
    .option(
      "--rule <rule>",
      "a built-in rule's id, name or file name, or a rule file or folder (repeatable; default: every built-in rule)",
      collect,
    )
    .option("--query <kql>", "run this KQL query over the table as well as any --rule")
    .option("--json", "print one JSON document instead of the readable report", false)
    .option(
      "--allow <file>",
      "allowlist of known-good software, used with allowlist.json beside the database (repeatable)",
      collect,
    )
    .option("--fail-on-match", `exit with status ${EXIT_MATCH_FOUND} when a result is not allowed`, false)
    .action(huntAction);
}
