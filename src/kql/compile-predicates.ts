/**
 * Comparisons, string operators and `between`. Null handling follows KQL's
 * documentation on null values: `==` between a null and a value is false,
 * `!=` is true, any other comparison with a null is null, and `where` drops
 * rows whose predicate is null. Strings are never null in KQL, so a missing
 * string reads as "".
 */
import type { BetweenExpression, BinaryExpression } from "./ast.js";
import {
  constantValueOf,
  derivedExpression,
  type CompileContext,
  type CompiledExpression,
} from "./compiled-expression.js";
import { compileExpression } from "./compile-expression.js";
import { KqlSyntaxError, type SourcePosition } from "./errors.js";
import { stringMatcherFactories } from "./string-matching.js";
import { isNumericType, toKqlString, type KqlScalarType } from "./values.js";

export function compileComparison(
  ast: BinaryExpression,
  context: CompileContext,
): CompiledExpression {
  const left = compileExpression(ast.left, context);
  const right = compileExpression(ast.right, context);
  const operator = ast.operator;
  if (operator === "==" || operator === "!=") {
    return compileEquality(operator, left, right, ast.position, context);
  }
  if (["<", "<=", ">", ">="].includes(operator)) {
    return compileOrdering(operator, left, right, ast.position, context);
  }
  return compileStringMatch(operator, left, right, ast.position, context);
}

// Equality and ordering

/** Type families that compare with each other; bools compare with numbers as 1 and 0. */
function comparisonFamily(type: KqlScalarType): string {
  return isNumericType(type) ? "number" : type;
}

function checkComparable(
  operator: string,
  left: CompiledExpression,
  right: CompiledExpression,
  position: SourcePosition,
): void {
  const family = comparisonFamily(left.type);
  if (family === "dynamic" || family !== comparisonFamily(right.type)) {
    throw new KqlSyntaxError(
      position,
      `cannot compare ${left.type} with ${right.type} using '${operator}'`,
    );
  }
}

export function boolToNumber(value: unknown): number {
  return value === true ? 1 : 0;
}

/** Maps bools to 1 and 0 when the other side is a number. */
function numericView(
  expression: CompiledExpression,
  otherType: KqlScalarType,
): (value: unknown) => unknown {
  if (expression.type !== "bool" || otherType === "bool") return (value) => value;
  return (value) => (value === null ? null : boolToNumber(value));
}

function compileEquality(
  operator: "==" | "!=",
  left: CompiledExpression,
  right: CompiledExpression,
  position: SourcePosition,
  context: CompileContext,
): CompiledExpression {
  checkComparable(operator, left, right, position);
  const leftView = numericView(left, right.type);
  const rightView = numericView(right, left.type);
  const equalResult = operator === "==";
  return derivedExpression(
    {
      type: "bool",
      children: [left, right],
      position,
      build: ([leftValue, rightValue]) => (row) => {
        const a = leftView(leftValue!(row));
        const b = rightView(rightValue!(row));
        if (a === null || b === null) return a === b ? null : !equalResult;
        return (a === b) === equalResult;
      },
    },
    context.schema,
  );
}

function compileOrdering(
  operator: string,
  left: CompiledExpression,
  right: CompiledExpression,
  position: SourcePosition,
  context: CompileContext,
): CompiledExpression {
  checkComparable(operator, left, right, position);
  if (left.type === "string") {
    // KQL's documentation does not define how strings order, so reject rather than guess.
    throw new KqlSyntaxError(position, `operator '${operator}' is not supported on strings`);
  }
  const compare = orderingTest(operator);
  const leftView = numericView(left, right.type);
  const rightView = numericView(right, left.type);
  return derivedExpression(
    {
      type: "bool",
      children: [left, right],
      position,
      build: ([leftValue, rightValue]) => (row) => {
        const a = leftView(leftValue!(row)) as number | null;
        const b = rightView(rightValue!(row)) as number | null;
        return a === null || b === null ? null : compare(a, b);
      },
    },
    context.schema,
  );
}

function orderingTest(operator: string): (a: number, b: number) => boolean {
  switch (operator) {
    case "<":
      return (a, b) => a < b;
    case "<=":
      return (a, b) => a <= b;
    case ">":
      return (a, b) => a > b;
    default:
      return (a, b) => a >= b;
  }
}

// String operators

function compileStringMatch(
  operator: string,
  left: CompiledExpression,
  right: CompiledExpression,
  position: SourcePosition,
  context: CompileContext,
): CompiledExpression {
  const negated = operator.startsWith("!");
  let positive = negated ? operator.slice(1) : operator;
  if (operator === "!~") positive = "=~";
  const factory = stringMatcherFactories.get(positive);
  if (!factory) throw new KqlSyntaxError(position, `unsupported operator '${operator}'`);
  const leftText = stringView(left);
  const rightText = stringView(right);
  const constantMatcher = right.isConstant ? factory(rightText(constantValueOf(right))) : undefined;

  return derivedExpression(
    {
      type: "bool",
      children: [left, right],
      position,
      costly: true,
      build: ([leftValue, rightValue]) => (row) => {
        const matcher = constantMatcher ?? factory(rightText(rightValue!(row)));
        return matcher(leftText(leftValue!(row))) !== negated;
      },
    },
    context.schema,
  );
}

/** String operators apply to any type through its tostring() text. */
export function stringView(expression: CompiledExpression): (value: unknown) => string {
  if (expression.type === "string") return (value) => value as string;
  const type = expression.type;
  return (value) => toKqlString(type, value);
}

// between

export function compileBetween(
  ast: BetweenExpression,
  context: CompileContext,
): CompiledExpression {
  const operand = compileExpression(ast.operand, context);
  const low = compileExpression(ast.low, context);
  let high = compileExpression(ast.high, context);
  const operator = ast.negated ? "!between" : "between";
  checkComparable(operator, operand, low, ast.position);
  if (operand.type === "string") {
    throw new KqlSyntaxError(ast.position, `'${operator}' needs numbers, datetimes or timespans`);
  }
  // KQL reads `datetime between (start .. 1d)` as the day that follows start.
  const highIsSpan = operand.type === "datetime" && high.type === "timespan";
  if (!highIsSpan) checkComparable(operator, operand, high, ast.position);
  const negated = ast.negated;

  return derivedExpression(
    {
      type: "bool",
      children: [operand, low, high],
      position: ast.position,
      build: ([value, lowValue, highValue]) => (row) => {
        const x = numberOrNull(value!(row));
        const from = numberOrNull(lowValue!(row));
        const span = numberOrNull(highValue!(row));
        const to = highIsSpan && from !== null && span !== null ? from + span : span;
        if (x === null || from === null || to === null) return null;
        return (x >= from && x <= to) !== negated;
      },
    },
    context.schema,
  );
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === "boolean" ? boolToNumber(value) : (value as number);
}
