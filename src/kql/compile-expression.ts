import type { BinaryExpression, Expression, UnaryExpression } from "./ast.js";
import { aggregateFunctionNames } from "./aggregate-names.js";
import {
  columnExpression,
  constantExpression,
  derivedExpression,
  type CompileContext,
  type CompiledExpression,
} from "./compiled-expression.js";
import { compileBetween, compileComparison } from "./compile-predicates.js";
import { compileListOperator } from "./list-operators.js";
import { KqlSyntaxError } from "./errors.js";
import { scalarFunctions } from "./scalar-functions.js";
import type { KqlScalarType } from "./values.js";

/** Resolves names and types in a scalar expression and compiles it to a closure. */
export function compileExpression(ast: Expression, context: CompileContext): CompiledExpression {
  switch (ast.kind) {
    case "literal":
      return constantExpression(ast.type, ast.value, ast.position);
    case "name":
      return compileName(ast.name, ast.position, context);
    case "call":
      return compileCall(ast.name, ast.args, ast.star, ast.position, context);
    case "unary":
      return compileUnary(ast, context);
    case "binary":
      return compileBinary(ast, context);
    case "between":
      return compileBetween(ast, context);
    case "list":
      return compileListOperator(ast, context);
  }
}

function compileName(
  name: string,
  position: Expression["position"],
  context: CompileContext,
): CompiledExpression {
  // A `let` name hides a column of the same name.
  const constant = context.lets.get(name);
  if (constant) return constantExpression(constant.type, constant.value, position);
  const index = context.schema.findIndex((column) => column.name === name);
  if (index < 0) throw new KqlSyntaxError(position, `unknown column '${name}'`);
  return columnExpression(index, context.schema[index]!.type, position);
}

function compileCall(
  name: string,
  argumentAsts: readonly Expression[],
  star: boolean,
  position: Expression["position"],
  context: CompileContext,
): CompiledExpression {
  if (aggregateFunctionNames.has(name)) {
    throw new KqlSyntaxError(position, `aggregation '${name}()' is only valid in summarize`);
  }
  const definition = scalarFunctions.get(name);
  if (!definition) throw new KqlSyntaxError(position, `unsupported function '${name}'`);
  if (star) throw new KqlSyntaxError(position, `'*' is not an argument of '${name}()'`);
  const count = argumentAsts.length;
  if (count < definition.minArguments || count > definition.maxArguments) {
    const expected =
      definition.minArguments === definition.maxArguments
        ? `${definition.minArguments}`
        : `${definition.minArguments} to ${definition.maxArguments}`;
    throw new KqlSyntaxError(position, `${name}() takes ${expected} arguments, got ${count}`);
  }
  const args = argumentAsts.map((argument) => compileExpression(argument, context));
  return definition.compile(args, position, context);
}

function compileUnary(ast: UnaryExpression, context: CompileContext): CompiledExpression {
  const operand = compileExpression(ast.operand, context);
  const type = operand.type;
  if (type !== "long" && type !== "real" && type !== "timespan") {
    throw new KqlSyntaxError(
      ast.position,
      `unary '${ast.operator}' needs a number or a timespan, got ${type}`,
    );
  }
  const negate = ast.operator === "-";
  return derivedExpression(
    {
      type,
      children: [operand],
      position: ast.position,
      build: ([value]) => (row) => {
        const number = value!(row) as number | null;
        return number === null || !negate ? number : -number;
      },
    },
    context.schema,
  );
}

function compileBinary(ast: BinaryExpression, context: CompileContext): CompiledExpression {
  if (ast.operator === "and" || ast.operator === "or") return compileLogical(ast, context);
  if (["+", "-", "*", "/", "%"].includes(ast.operator)) return compileArithmetic(ast, context);
  return compileComparison(ast, context);
}

/**
 * Collect the operands of a chain of one logical operator. The parser builds
 * `a or b or c` as a left-deep tree, so the chain is walked in a loop: a
 * query with thousands of `or` terms must not recurse once per term.
 */
function logicalOperands(ast: BinaryExpression): Expression[] {
  const rightOperands: Expression[] = [];
  let current: Expression = ast;
  while (current.kind === "binary" && current.operator === ast.operator) {
    rightOperands.push(current.right);
    current = current.left;
  }
  return [current, ...rightOperands.reverse()];
}

/** `and` and `or` with KQL's three-valued logic: null is "unknown". */
function compileLogical(ast: BinaryExpression, context: CompileContext): CompiledExpression {
  const operands = logicalOperands(ast).map((operand) => compileExpression(operand, context));
  for (const side of operands) {
    if (side.type !== "bool") {
      throw new KqlSyntaxError(
        side.position,
        `'${ast.operator}' needs bool operands, got ${side.type}`,
      );
    }
  }
  // `and` stops at the first false operand, `or` at the first true one.
  const decisive = ast.operator !== "and";
  return derivedExpression(
    {
      type: "bool",
      children: operands,
      position: ast.position,
      build: (evaluators) => (row) => {
        let sawNull = false;
        for (const evaluate of evaluators) {
          const value = evaluate(row);
          if (value === decisive) return value;
          if (value === null) sawNull = true;
        }
        return sawNull ? null : !decisive;
      },
    },
    context.schema,
  );
}

/** Result types of arithmetic that KQL defines on datetimes and timespans. */
const temporalArithmetic: Readonly<Record<string, KqlScalarType>> = {
  "datetime-datetime": "timespan",
  "datetime+timespan": "datetime",
  "datetime-timespan": "datetime",
  "timespan+datetime": "datetime",
  "timespan+timespan": "timespan",
  "timespan-timespan": "timespan",
  "timespan*long": "timespan",
  "timespan*real": "timespan",
  "long*timespan": "timespan",
  "real*timespan": "timespan",
  "timespan/long": "timespan",
  "timespan/real": "timespan",
  "timespan/timespan": "real",
};

function compileArithmetic(ast: BinaryExpression, context: CompileContext): CompiledExpression {
  const left = compileExpression(ast.left, context);
  const right = compileExpression(ast.right, context);
  const operator = ast.operator;
  const type = arithmeticResultType(left.type, operator, right.type);
  if (type === undefined) {
    throw new KqlSyntaxError(
      ast.position,
      `operator '${operator}' is not defined for ${left.type} and ${right.type}`,
    );
  }
  const integerResult = type === "long";
  return derivedExpression(
    {
      type,
      children: [left, right],
      position: ast.position,
      build: ([leftValue, rightValue]) => (row) => {
        const a = leftValue!(row) as number | null;
        const b = rightValue!(row) as number | null;
        if (a === null || b === null) return null;
        return applyArithmetic(operator, a, b, integerResult);
      },
    },
    context.schema,
  );
}

function arithmeticResultType(
  left: KqlScalarType,
  operator: string,
  right: KqlScalarType,
): KqlScalarType | undefined {
  const temporal = temporalArithmetic[`${left}${operator}${right}`];
  if (temporal) return temporal;
  const numeric = (type: KqlScalarType) => type === "long" || type === "real";
  if (!numeric(left) || !numeric(right)) return undefined;
  return left === "long" && right === "long" ? "long" : "real";
}

function applyArithmetic(operator: string, a: number, b: number, integerResult: boolean): unknown {
  switch (operator) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      if (integerResult) return b === 0 ? null : Math.trunc(a / b);
      return a / b;
    default:
      return b === 0 ? null : a % b;
  }
}
