import { SignsweepError } from "../errors.js";
import type { KqlQuery } from "../kql/index.js";

/**
 * A Sentinel hunting query read from its YAML file. The named fields are the
 * ones signsweep uses; `fields` keeps every top-level key as read, including
 * `requiredDataConnectors` and any key signsweep does not know.
 */
export interface HuntingRule {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly query: string;
  readonly tactics: readonly string[];
  readonly relevantTechniques: readonly string[];
  readonly fields: Readonly<Record<string, unknown>>;
  /** The file path, or `rules/rmm/<file>` for a built-in rule. */
  readonly source: string;
  readonly builtin: boolean;
  readonly kql: KqlQuery;
}

/**
 * A rule file that cannot be read: invalid YAML, a missing key, or a query
 * outside the KQL subset. The message starts with `file:line` or
 * `file:line:column`.
 */
export class RuleFormatError extends SignsweepError {
  readonly line: number;
  readonly column: number | undefined;

  constructor(
    readonly file: string,
    position: { line: number; column?: number },
    detail: string,
    options?: { cause?: unknown },
  ) {
    const column = position.column === undefined ? "" : `:${position.column}`;
    const where = `${position.line}${column}`;
    super("RuleFormat", `${file}:${where}: ${detail}`, options);
    this.line = position.line;
    this.column = position.column;
  }
}

/** A `--rule` value that names no built-in rule and no file. */
export class RuleNotFoundError extends SignsweepError {
  constructor(readonly spec: string, detail: string) {
    super("RuleNotFound", detail);
  }
}
