import type { SourcePosition } from "./errors.js";

/**
 * Token kinds of the KQL subset. Keywords are not a kind of their own: KQL
 * keywords such as `where` or `by` are only reserved where the grammar expects
 * them, so the parser reads them from `identifier` tokens.
 */
export type TokenKind =
  | "identifier"
  | "string"
  | "long"
  | "real"
  | "timespan"
  | "datetime"
  | "operator"
  | "end";

export interface Token extends SourcePosition {
  readonly kind: TokenKind;
  /** The text as written, e.g. `'Enter Srl'`, `5d` or `!has`. */
  readonly text: string;
  /**
   * The decoded value: the string content, the number, the timespan in
   * milliseconds, or for `datetime` the text between the parentheses.
   */
  readonly value?: string | number;
  /** Offset of the first character in the query text. */
  readonly offset: number;
}

/**
 * Operators made of punctuation, longest first so that the tokenizer takes
 * `<=` before `<`.
 */
export const punctuationOperators: readonly string[] = [
  "==",
  "!=",
  "=~",
  "!~",
  "<=",
  ">=",
  "..",
  "|",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ";",
  ":",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  ".",
];

/**
 * Tabular operators whose names contain a hyphen. The tokenizer reads them as
 * one identifier so that `project-away` is not `project - away`, and so that
 * an unsupported one such as `mv-expand` is reported by its full name.
 */
export const hyphenatedOperatorNames: ReadonlySet<string> = new Set([
  "project-away",
  "project-keep",
  "project-rename",
  "project-reorder",
  "mv-expand",
  "mv-apply",
  "make-series",
  "parse-where",
  "parse-kv",
]);
