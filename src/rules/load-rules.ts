/** Loads hunting rules from YAML text, files, folders and the built-in set. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { KqlSyntaxError, parseKql, type KqlQuery } from "../kql/index.js";
import { builtinRuleFiles, builtinRulesFolder } from "./builtin-rules.generated.js";
import { RuleFormatError, RuleNotFoundError, type HuntingRule } from "./rule.js";
import { readRuleDocument, type RuleDocument } from "./rule-yaml.js";

/** Reads one rule from its YAML text; `source` names it in errors. */
export function parseRuleText(text: string, source: string, builtin = false): HuntingRule {
  const document = readRuleDocument(text, source);
  const fields = document.fields;
  const id = requiredString(document, "id", source);
  const name = requiredString(document, "name", source);
  const query = requiredString(document, "query", source);
  return {
    id,
    name,
    description: typeof fields.description === "string" ? fields.description : "",
    query,
    tactics: stringList(fields.tactics),
    relevantTechniques: stringList(fields.relevantTechniques),
    fields,
    source,
    builtin,
    kql: parseRuleQuery(query, document, source),
  };
}

function requiredString(document: RuleDocument, key: string, source: string): string {
  const value = document.fields[key];
  if (typeof value === "string" && value.trim() !== "") return value;
  const line = document.valueLines.get(key) ?? 1;
  const problem = value === undefined ? "is missing" : "must be a non-empty string";
  throw new RuleFormatError(source, { line }, `'${key}' ${problem}`);
}

/** Reads `tactics: A`, `tactics: A, B` and `tactics: [A, B]` as a list. */
function stringList(value: unknown): string[] {
  let items: unknown[] = [];
  if (Array.isArray(value)) items = value;
  else if (typeof value === "string") items = value.split(",");
  return items.map((item) => String(item).trim()).filter((item) => item !== "");
}

/**
 * Parses the rule's KQL. An error inside a `query: |` block is reported at
 * its line and column in the file. For other forms of the value, the error
 * names the line of the `query` key and the position inside the query.
 */
function parseRuleQuery(query: string, document: RuleDocument, source: string): KqlQuery {
  try {
    return parseKql(query);
  } catch (error) {
    if (!(error instanceof KqlSyntaxError)) throw error;
    const block = document.blockScalars.get("query");
    if (block) {
      const position = { line: block.headerLine + error.line, column: block.indent + error.column };
      throw new RuleFormatError(source, position, `query: ${error.detail}`, { cause: error });
    }
    const line = document.valueLines.get("query") ?? 1;
    throw new RuleFormatError(source, { line }, `query: ${error.message}`, { cause: error });
  }
}

export function loadRuleFile(path: string): HuntingRule {
  return parseRuleText(readFileSync(path, "utf8"), path);
}

/** Loads every `.yaml` and `.yml` file of a folder, in file name order. */
export function loadRuleFolder(path: string): HuntingRule[] {
  return readdirSync(path)
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => loadRuleFile(join(path, name)));
}

let builtinRules: readonly HuntingRule[] | undefined;

/**
 * Load the rules that ship inside signsweep from the generated module, so
 * that they load from a single-file bundle too.
 */
export function loadBuiltinRules(): readonly HuntingRule[] {
  builtinRules ??= builtinRuleFiles.map((file) =>
    parseRuleText(file.text, `${builtinRulesFolder}/${file.fileName}`, true),
  );
  return builtinRules;
}

/**
 * Resolves `--rule` values: a rule file, a folder of rule files, or the id,
 * name or file name of a built-in rule (all case-insensitive). Raises
 * RuleNotFoundError for a value that matches nothing.
 */
export function findRules(specs: readonly string[]): HuntingRule[] {
  const found: HuntingRule[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    for (const rule of findRulesForSpec(spec)) {
      const key = `${rule.source}\n${rule.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push(rule);
    }
  }
  return found;
}

function findRulesForSpec(spec: string): HuntingRule[] {
  const stats = statSync(spec, { throwIfNoEntry: false });
  if (stats?.isDirectory()) return loadRuleFolder(spec);
  if (stats?.isFile()) return [loadRuleFile(spec)];

  const normalizedSpec = spec.trim().toLowerCase();
  const matches = loadBuiltinRules().filter((rule) => {
    const fileName = rule.source.slice(builtinRulesFolder.length + 1).toLowerCase();
    return (
      rule.id.toLowerCase() === normalizedSpec ||
      rule.name.toLowerCase() === normalizedSpec ||
      fileName === normalizedSpec ||
      fileName.replace(/\.ya?ml$/, "") === normalizedSpec
    );
  });
  if (matches.length > 0) return matches;

  if (/[\\/]|\.ya?ml$/i.test(spec)) {
    throw new RuleNotFoundError(spec, `rule file not found: ${spec}`);
  }
  throw new RuleNotFoundError(
    spec,
    `no built-in rule has the id or name '${spec}'; ` +
      "run 'signsweep rules' to list them, or pass a rule file",
  );
}
