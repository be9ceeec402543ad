/** Scalar functions of the KQL subset, checked for argument types at compile time. */
import {
  constantExpression,
  derivedExpression,
  type CompileContext,
  type CompiledExpression,
  type Evaluator,
} from "./compiled-expression.js";
import { KqlSyntaxError, type SourcePosition } from "./errors.js";
import { toKqlString, type KqlScalarType } from "./values.js";

export interface ScalarFunction {
  readonly minArguments: number;
  readonly maxArguments: number;
  compile(
    args: readonly CompiledExpression[],
    position: SourcePosition,
    context: CompileContext,
  ): CompiledExpression;
}

/** A function whose result comes from its arguments' values alone. */
function simpleFunction(
  name: string,
  argumentTypes: readonly (readonly KqlScalarType[] | "any")[],
  resultType: KqlScalarType | ((args: readonly CompiledExpression[]) => KqlScalarType),
  apply: (values: unknown[], args: readonly CompiledExpression[]) => unknown,
  minArguments = argumentTypes.length,
): ScalarFunction {
  return {
    minArguments,
    maxArguments: argumentTypes.length,
    compile(args, position, context) {
      args.forEach((arg, index) => {
        const allowed = argumentTypes[index]!;
        if (allowed !== "any" && !allowed.includes(arg.type)) {
          throw new KqlSyntaxError(
            arg.position,
            `argument ${index + 1} of ${name}() must be ${allowed.join(" or ")}, got ${arg.type}`,
          );
        }
      });
      const type = typeof resultType === "function" ? resultType(args) : resultType;
      return derivedExpression(
        {
          type,
          children: args,
          position,
          build: (evaluators: readonly Evaluator[]) => (row) =>
            apply(
              evaluators.map((evaluate) => evaluate(row)),
              args,
            ),
        },
        context.schema,
      );
    },
  };
}

const numeric: readonly KqlScalarType[] = ["long", "real"];

/** `now()` and `now(offset)`: the query's fixed start time, plus an optional timespan. */
const nowFunction: ScalarFunction = {
  minArguments: 0,
  maxArguments: 1,
  compile(args, position, context) {
    const offset = args[0];
    if (offset === undefined) return constantExpression("datetime", context.now, position);
    return simpleFunction("now", [["timespan"]], "datetime", ([span]) =>
      span === null ? null : context.now + (span as number),
    ).compile(args, position, context);
  },
};

const agoFunction: ScalarFunction = {
  minArguments: 1,
  maxArguments: 1,
  compile(args, position, context) {
    return simpleFunction("ago", [["timespan"]], "datetime", ([span]) =>
      span === null ? null : context.now - (span as number),
    ).compile(args, position, context);
  },
};

function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === "";
}

/**
 * `bin(value, size)`: rounds down to a multiple of size. Datetimes round
 * from the Unix epoch, which gives whole UTC days, hours and minutes.
 * For sizes that do not divide a day, KQL's origin may differ.
 */
function binValue(values: unknown[]): unknown {
  const [value, size] = values as [number | null, number | null];
  if (value === null || size === null || size <= 0) return null;
  return Math.floor(value / size) * size;
}

function binResultType(args: readonly CompiledExpression[]): KqlScalarType {
  return args[0]!.type;
}

function iffResultType(args: readonly CompiledExpression[]): KqlScalarType {
  const [, whenTrue, whenFalse] = args;
  if (whenTrue!.type !== whenFalse!.type) {
    throw new KqlSyntaxError(
      whenFalse!.position,
      `iff() branches must have one type, got ${whenTrue!.type} and ${whenFalse!.type}`,
    );
  }
  return whenTrue!.type;
}

const iffFunction = simpleFunction("iff", [["bool"], "any", "any"], iffResultType, ([test, a, b]) =>
  test === true ? a : b,
);

const toLower = simpleFunction("tolower", [["string"]], "string", ([text]) =>
  (text as string).toLowerCase(),
);
const toUpper = simpleFunction("toupper", [["string"]], "string", ([text]) =>
  (text as string).toUpperCase(),
);
const strlen = simpleFunction("strlen", [["string"]], "long", ([text]) => {
  const codePoints = [...(text as string)];
  return codePoints.length;
});
const toStringFunction = simpleFunction("tostring", ["any"], "string", ([value], [arg]) =>
  toKqlString(arg!.type, value),
);
const binFunction = simpleFunction(
  "bin",
  [
    [...numeric, "datetime", "timespan"],
    [...numeric, "timespan"],
  ],
  binResultType,
  binValue,
);

export const scalarFunctions: ReadonlyMap<string, ScalarFunction> = new Map([
  ["now", nowFunction],
  ["ago", agoFunction],
  ["not", simpleFunction("not", [["bool"]], "bool", ([value]) => (value === null ? null : !value))],
  ["isempty", simpleFunction("isempty", ["any"], "bool", ([value]) => isEmptyValue(value))],
  ["isnotempty", simpleFunction("isnotempty", ["any"], "bool", ([value]) => !isEmptyValue(value))],
  ["isnull", simpleFunction("isnull", ["any"], "bool", ([value]) => value === null)],
  ["isnotnull", simpleFunction("isnotnull", ["any"], "bool", ([value]) => value !== null)],
  ["tolower", toLower],
  ["toupper", toUpper],
  ["strlen", strlen],
  ["tostring", toStringFunction],
  ["bin", binFunction],
  ["iff", iffFunction],
  ["iif", iffFunction],
]);
