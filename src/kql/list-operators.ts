/** List operators: `in`, `!in`, `in~`, `!in~`, `has_any` and `has_all`. */
import type { ListOperatorExpression } from "./ast.js";
import {
  constantValueOf,
  derivedExpression,
  type CompileContext,
  type CompiledExpression,
} from "./compiled-expression.js";
import { compileExpression } from "./compile-expression.js";
import { boolToNumber, stringView } from "./compile-predicates.js";
import { KqlSyntaxError, type SourcePosition } from "./errors.js";
import { foldCase, hasMatcher, type StringMatcher } from "./string-matching.js";
import { toKqlString, type KqlScalarType } from "./values.js";

export function compileListOperator(
  ast: ListOperatorExpression,
  context: CompileContext,
): CompiledExpression {
  const operand = compileExpression(ast.operand, context);
  const items = ast.items.map((item) => compileExpression(item, context));
  const values = constantItems(ast.operator, items);
  const operator = ast.operator;

  if (operator === "has_any" || operator === "has_all") {
    const matchers = values.map((value) =>
      hasMatcher(toKqlString(typeOfJson(value), value), false),
    );
    const test = hasListTest(matchers, operator === "has_any");
    return listExpression(operand, context, ast.position, true, (text) => test(text));
  }

  const ignoreCase = operator.endsWith("~");
  const negated = operator.startsWith("!");
  if (operand.type !== "string" && values.some((value) => typeof value === "string")) {
    throw new KqlSyntaxError(
      ast.position,
      `'${operator}' compares a ${operand.type} with string values`,
    );
  }
  const key = membershipKey(operand.type, ignoreCase, ast.position);
  const members = new Set(values.map((value) => key(value)));
  return listExpression(operand, context, ast.position, ignoreCase, (value) => {
    if (value === null) return negated;
    return members.has(key(value)) !== negated;
  });
}

function listExpression(
  operand: CompiledExpression,
  context: CompileContext,
  position: SourcePosition,
  costly: boolean,
  test: (value: unknown) => boolean,
): CompiledExpression {
  const asText = stringView(operand);
  const needsText = costly && operand.type !== "string";
  return derivedExpression(
    {
      type: "bool",
      children: [operand],
      position,
      costly,
      build: ([value]) => (row) => {
        const raw = value!(row);
        return test(needsText ? asText(raw) : raw);
      },
    },
    context.schema,
  );
}

function hasListTest(matchers: readonly StringMatcher[], any: boolean): (text: unknown) => boolean {
  if (any) return (text) => matchers.some((matcher) => matcher(text as string));
  return (text) => matchers.every((matcher) => matcher(text as string));
}

/** Collects a list operator's constant values, spreading dynamic arrays into their items. */
function constantItems(operator: string, items: readonly CompiledExpression[]): unknown[] {
  const values: unknown[] = [];
  for (const item of items) {
    if (!item.isConstant) {
      throw new KqlSyntaxError(item.position, `the values of '${operator}' must be constants`);
    }
    const value = constantValueOf(item);
    if (Array.isArray(value)) values.push(...(value as unknown[]).flat(Infinity));
    else values.push(value);
  }
  return values;
}

/** Normalises a value so that equal values of the operand's type share one Set key. */
function membershipKey(
  type: KqlScalarType,
  ignoreCase: boolean,
  position: SourcePosition,
): (value: unknown) => unknown {
  if (type === "string") {
    return ignoreCase ? (value) => foldCase(String(value)) : (value) => String(value);
  }
  if (type === "dynamic") {
    throw new KqlSyntaxError(position, "'in' is not supported on dynamic values");
  }
  return (value) => (typeof value === "boolean" ? boolToNumber(value) : value);
}

function typeOfJson(value: unknown): KqlScalarType {
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "long" : "real";
  return "dynamic";
}
