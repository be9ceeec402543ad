/**
 * Syntax tree of the KQL subset. Every node keeps the position of its first
 * token so that later checks (unknown column, type mismatch) can point at it.
 */
import type { SourcePosition } from "./errors.js";

interface Node {
  readonly position: SourcePosition;
}

// Scalar expressions

export type LiteralValue = string | number | boolean | null | readonly LiteralValue[];

export type LiteralType = "string" | "long" | "real" | "bool" | "timespan" | "datetime" | "dynamic";

export interface LiteralExpression extends Node {
  readonly kind: "literal";
  readonly type: LiteralType;
  /** Datetimes are milliseconds since the Unix epoch, timespans milliseconds. */
  readonly value: LiteralValue;
}

/** A column or a `let` name. */
export interface NameExpression extends Node {
  readonly kind: "name";
  readonly name: string;
}

export interface CallExpression extends Node {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly Expression[];
  /** True for `f(*)`, as in `arg_max(Timestamp, *)`; the star is the last argument. */
  readonly star: boolean;
}

export interface UnaryExpression extends Node {
  readonly kind: "unary";
  readonly operator: "-" | "+";
  readonly operand: Expression;
}

export interface BinaryExpression extends Node {
  readonly kind: "binary";
  /** `and`, `or`, a comparison, a string operator such as `has`, or arithmetic. */
  readonly operator: string;
  readonly left: Expression;
  readonly right: Expression;
}

/** `x between (low .. high)` and `x !between (low .. high)`. */
export interface BetweenExpression extends Node {
  readonly kind: "between";
  readonly negated: boolean;
  readonly operand: Expression;
  readonly low: Expression;
  readonly high: Expression;
}

/** `in`, `!in`, `in~`, `!in~`, `has_any`, `has_all` with a parenthesised list. */
export interface ListOperatorExpression extends Node {
  readonly kind: "list";
  readonly operator: string;
  readonly operand: Expression;
  readonly items: readonly Expression[];
}

export type Expression =
  | LiteralExpression
  | NameExpression
  | CallExpression
  | UnaryExpression
  | BinaryExpression
  | BetweenExpression
  | ListOperatorExpression;

// Tabular operators

/** `Name = expression`, or an expression whose name KQL derives. */
export interface NamedExpression extends Node {
  readonly name: string | undefined;
  readonly expression: Expression;
}

export interface SortKey extends Node {
  readonly expression: Expression;
  readonly descending: boolean;
  /** Undefined means KQL's default: nulls first ascending, nulls last descending. */
  readonly nullsFirst: boolean | undefined;
}

export type TabularOperator =
  | (Node & { readonly kind: "where"; readonly predicate: Expression })
  | (Node & {
      readonly kind: "summarize";
      readonly aggregates: readonly NamedExpression[];
      readonly by: readonly NamedExpression[];
    })
  | (Node & { readonly kind: "extend"; readonly columns: readonly NamedExpression[] })
  | (Node & { readonly kind: "project"; readonly columns: readonly NamedExpression[] })
  | (Node & { readonly kind: "project-away"; readonly columns: readonly NameExpression[] })
  | (Node & { readonly kind: "distinct"; readonly columns: readonly NameExpression[] | "*" })
  | (Node & { readonly kind: "take"; readonly count: Expression })
  | (Node & { readonly kind: "sort"; readonly keys: readonly SortKey[] })
  | (Node & { readonly kind: "top"; readonly count: Expression; readonly key: SortKey })
  | (Node & { readonly kind: "count" });

/** A table or tabular `let` name followed by `| operator` steps. */
export interface TabularExpression extends Node {
  readonly source: NameExpression;
  readonly operators: readonly TabularOperator[];
}

// Statements

export interface ScalarLet extends Node {
  readonly kind: "scalar-let";
  readonly name: string;
  readonly value: Expression;
}

export interface TabularLet extends Node {
  readonly kind: "tabular-let";
  readonly name: string;
  readonly value: TabularExpression;
}

export type LetStatement = ScalarLet | TabularLet;

/** A whole query: `let` statements, then one tabular expression. */
export interface QueryAst {
  readonly lets: readonly LetStatement[];
  readonly body: TabularExpression;
}
